namespace LinuxBootSharp.Menu.Tests;

/// <summary>
/// Per-item editing permission (loader.conf(5) "editor no" via the host): <c>e</c> is refused on
/// such an item with the rule's file and line in the status line, on both renderers, while other
/// items stay editable. systemd-boot (src/boot/efi/boot.c) likewise answers <c>e</c> with a status
/// message instead of the editor.
/// </summary>
public class EditDeniedTests
{
    private const string Reason = "editing disabled by /dev/vda1:/loader/loader.conf line 3 (editor no)";

    private static MenuItem Locked() => new()
    {
        Id = "bls|fedora",
        Title = "Fedora Linux 40",
        IsDefault = true,
        Cmdline = "root=UUID=77 ro rhgb",
        EditDeniedReason = Reason,
    };

    private static MenuModel Model() => Fixtures.Model(items: [Locked(), Fixtures.Debian(isDefault: false)]);

    [Fact]
    public void E_on_a_locked_item_shows_the_rule_with_file_and_line()
    {
        var h = new Harness(Model()).Start().Type("e");
        Assert.Equal(MenuView.List, h.Machine.View);
        // Whole on an 80-column status row: the file and line are what the user needs.
        Assert.Equal("Editing disabled by /dev/vda1:/loader/loader.conf line 3 (editor no)", h.Status);
        Assert.Equal(MenuActionKind.Redraw, h.Last.Kind);
    }

    [Fact]
    public void Other_items_stay_editable()
    {
        var h = new Harness(Model()).Start().Press(MenuKey.Down).Type("e");
        Assert.Equal(MenuView.Edit, h.Machine.View);
        Assert.Equal(Fixtures.DebianCmdline, h.Machine.Screen.Editor!.Text);
    }

    [Fact]
    public void Footer_offers_e_only_where_it_works()
    {
        var h = new Harness(Model()).Start();
        Assert.Equal("Enter boot | d details | r rescan", h.Footer);
        h.Press(MenuKey.Down);
        Assert.Equal("Enter boot | e edit | d details | r rescan", h.Footer);
    }

    [Fact]
    public void Details_name_the_rule()
    {
        var h = new Harness(Model()).Start().Type("d");
        Assert.Contains(h.Machine.Screen.Details!.Lines, l => l == "Command line: " + Reason);
        // Wrapped on screen with a two-space indent, nothing lost.
        Assert.Equal("Command line: " + Reason, h.Line(4) + h.Line(5)[2..]);
    }

    [Fact]
    public void Board_lock_wins_over_the_item_reason()
    {
        var h = new Harness(Fixtures.Model(editing: false, items: [Locked()])).Start().Type("e");
        Assert.Equal("Editing the command line is disabled on this board", h.Status);
    }

    [Fact]
    public void Dumb_terminal_tags_the_item_and_prints_the_reason_on_e()
    {
        var output = new StringWriter();
        var machine = new MenuMachine(Model());
        var renderer = new DumbRenderer(output);
        renderer.Render(machine.Screen);
        Assert.Contains("  1) Fedora Linux 40 (default) (no editing)\n", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("  2) Debian GNU/Linux\n", output.ToString(), StringComparison.Ordinal);

        machine.StopCountdown();
        renderer.LineEntered();
        DumbLineInput.Apply(machine, "e 1");
        renderer.Render(machine.Screen);
        Assert.Equal(MenuView.List, machine.View);
        // (The terminal's echo of the typed line, absent here, ends the prompt line.)
        Assert.Contains("Editing disabled by /dev/vda1:/loader/loader.conf line 3 (editor no)\n", output.ToString(), StringComparison.Ordinal);
    }
}
