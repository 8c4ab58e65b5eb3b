namespace LinuxBootSharp.Menu.Tests;

public class RescanTests
{
    private static MenuItem Late() => new() { Id = "usb", Title = "Debian live (USB)", Cmdline = "boot=live" };

    [Fact]
    public void The_selection_stays_on_the_same_entry_when_entries_appear_before_it()
    {
        var h = new Harness(Fixtures.Model()).Start().Press(MenuKey.End);
        h.Machine.ReplaceItems([Late(), .. Fixtures.Items()]);
        h.Draw();
        Assert.StartsWith("> 5. Memory test", h.Highlighted);
        Assert.Equal("  1. Debian live (USB)", h.Line(3));
    }

    [Fact]
    public void A_vanished_selection_falls_back_to_the_same_position()
    {
        var h = new Harness(Fixtures.Model()).Start().Type("3");
        h.Machine.ReplaceItems([Fixtures.Debian(), Fixtures.Advanced(), Fixtures.Memtest()]);
        h.Draw();
        Assert.StartsWith("> 3. Memory test", h.Highlighted);
        h.Machine.ReplaceItems([Fixtures.Debian()]);
        h.Draw();
        Assert.StartsWith("> 1. Debian", h.Highlighted);
    }

    [Fact]
    public void An_open_submenu_stays_open()
    {
        var h = new Harness(Fixtures.Model()).Start().Press(MenuKey.Down, MenuKey.Enter, MenuKey.End);
        h.Machine.ReplaceItems([Late(), .. Fixtures.Items()]);
        h.Draw();
        Assert.Equal("Advanced options for Debian GNU/Linux", h.Line(1));
        Assert.StartsWith("> 3. Debian GNU/Linux, with Linux 6.1.0-12", h.Highlighted);
        h.Press(MenuKey.Escape);
        Assert.StartsWith("> 3. Advanced", h.Highlighted);
    }

    [Fact]
    public void The_countdown_keeps_running_across_a_rescan()
    {
        var h = new Harness(Fixtures.Model(TimeSpan.FromSeconds(5))).Start().Tick(2);
        h.Machine.ReplaceItems([Late(), .. Fixtures.Items()]);
        h.Draw();
        Assert.Equal("Booting 'Debian GNU/Linux' in 3s...", h.CountdownLine);
        Assert.StartsWith("> 2. Debian GNU/Linux", h.Highlighted); // untouched: the bar follows the default
        h.Tick(3);
        Assert.Equal("debian", h.Last.Item!.Id);
    }

    [Fact]
    public void The_editor_survives_a_rescan_and_leaves_when_its_entry_is_gone()
    {
        var h = new Harness(Fixtures.Model()).Start().Type("e").Type(" x");
        h.Machine.ReplaceItems([Late(), .. Fixtures.Items()]);
        h.Draw();
        Assert.Equal(MenuView.Edit, h.Machine.View);
        Assert.Equal(Fixtures.DebianCmdline + " x", h.Line(3));

        h.Machine.ReplaceItems([Late()]);
        h.Draw();
        Assert.Equal(MenuView.List, h.Machine.View);
        Assert.Equal("'Debian GNU/Linux' is gone after the rescan", h.Status);
    }

    [Fact]
    public void Rescan_with_r_then_replace_keeps_the_bar_where_the_user_put_it()
    {
        var h = new Harness(Fixtures.Model(TimeSpan.FromSeconds(5))).Start().Press(MenuKey.Down).Type("r");
        Assert.Equal(MenuActionKind.Rescan, h.Last.Kind);
        var adv = Fixtures.Advanced();
        h.Machine.ReplaceItems([Late(), adv, Fixtures.Debian()]);
        h.Draw();
        Assert.StartsWith("> 2. Advanced", h.Highlighted);
        Assert.Equal("", h.CountdownLine);
    }
}
