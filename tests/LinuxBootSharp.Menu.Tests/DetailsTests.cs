namespace LinuxBootSharp.Menu.Tests;

public class DetailsTests
{
    [Theory]
    [InlineData('d')]
    [InlineData('\t')]
    public void D_or_Tab_shows_the_details_of_the_selected_entry(char key)
    {
        var h = new Harness(Fixtures.Model(TimeSpan.FromSeconds(5))).Start();
        h.Press(key == '\t' ? MenuKey.Tab : MenuKey.Character(key));
        Assert.Equal(MenuView.Details, h.Machine.View);
        string[] expected =
        [
            "Details: Debian GNU/Linux",
            new string('-', 80),
            "Debian GNU/Linux",
            "device: /dev/vda2 (ext4, UUID 0a1b2c3d)",
            "kernel: /boot/vmlinuz-6.1.0-13-amd64 (7.9 MB)",
            "initrd: /boot/initrd.img-6.1.0-13-amd64 (31.2 MB)",
            "cmdline: root=UUID=0a1b2c3d ro quiet",
            "source: /boot/grub/grub.cfg:112",
            "",
        ];
        Assert.Equal(expected, h.Vt.Lines[1..10]);
        Assert.Equal("", h.CountdownLine);
        Assert.Equal("Up/Down/PgUp/PgDn scroll | Esc, q, d or Tab: back", h.Footer);
        Assert.Empty(h.Vt.ReverseRows);
    }

    [Theory]
    [InlineData(KeyKind.Escape, '\0')]
    [InlineData(KeyKind.Tab, '\0')]
    [InlineData(KeyKind.Char, 'q')]
    [InlineData(KeyKind.Char, 'd')]
    public void Escape_q_d_and_Tab_return_to_the_list(KeyKind kind, char c)
    {
        var h = new Harness(Fixtures.Model()).Start().Press(MenuKey.End).Type("d");
        h.Press(new MenuKey(kind, new System.Text.Rune(c)));
        Assert.Equal(MenuView.List, h.Machine.View);
        Assert.StartsWith("> 4. Memory test", h.Highlighted);
    }

    [Fact]
    public void A_disabled_entry_says_why_it_cannot_boot()
    {
        var h = new Harness(Fixtures.Model()).Start().Type("3d");
        Assert.Equal("Fedora Linux 39 (Workstation Edition)", h.Line(3));
        Assert.Equal("Cannot boot: kernel /vmlinuz-6.5.6-300.fc39.x86_64 not found", h.Line(4));
    }

    [Fact]
    public void Long_lines_wrap_with_an_indent_and_long_details_scroll()
    {
        string cmdline = "cmdline: " + string.Join(' ', Enumerable.Range(0, 20).Select(i => $"option{i}=value"));
        var details = new List<string> { cmdline };
        details.AddRange(Enumerable.Range(1, 30).Select(i => $"diagnostic {i}"));
        var item = new MenuItem { Id = "x", Title = "Many", Cmdline = "", Details = details };
        var h = new Harness(Fixtures.Model(items: [item])).Start().Press(MenuKey.Tab);

        Assert.Equal(cmdline[..80], h.Line(4));
        Assert.Equal("  " + cmdline[80..158], h.Line(5));
        Assert.Equal("  " + cmdline[158..236], h.Line(6));
        Assert.Equal("  " + cmdline[236..], h.Line(7));
        Assert.Equal("diagnostic 1", h.Line(8));
        Assert.Equal("diagnostic 12", h.Line(19));
        Assert.Equal("--- v more " + new string('-', 69), h.Line(20));

        h.Press(MenuKey.Down);
        Assert.Equal(cmdline[..80], h.Line(3));
        Assert.StartsWith("--- ^ 1 more ---", h.Line(2));

        h.Press(MenuKey.End);
        Assert.Equal("diagnostic 30", h.Line(3));
        Assert.Equal(new string('-', 80), h.Line(20));
        h.Press(MenuKey.Down);
        Assert.Equal("diagnostic 30", h.Line(3));

        h.Press(MenuKey.PageUp);
        Assert.Equal("diagnostic 13", h.Line(3));
        h.Press(MenuKey.Home);
        Assert.Equal("Many", h.Line(3));
        h.Press(MenuKey.PageDown);
        Assert.Equal("diagnostic 16", h.Line(3));
        Assert.Equal(0, h.Vt.Scrolls);
    }

    [Fact]
    public void A_submenu_lists_how_many_entries_it_holds()
    {
        var h = new Harness(Fixtures.Model()).Start().Press(MenuKey.Down, MenuKey.Tab);
        Assert.Equal("Submenu with 3 entries", h.Line(4));
    }
}
