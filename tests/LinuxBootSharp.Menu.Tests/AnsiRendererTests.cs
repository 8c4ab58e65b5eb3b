using System.Text.RegularExpressions;

namespace LinuxBootSharp.Menu.Tests;

public partial class AnsiRendererTests
{
    [GeneratedRegex(@"\e\[(\d+);1H")]
    private static partial Regex RowMoves();

    private static int[] RowsWritten(string output) =>
        RowMoves().Matches(output).Select(m => int.Parse(m.Groups[1].Value) - 1).Order().ToArray();

    [Fact]
    public void Moving_the_selection_rewrites_only_the_two_rows_involved()
    {
        var h = new Harness(Fixtures.Model()).Start();
        Assert.Contains(Ansi.EraseDisplay, h.LastOutput);
        h.Press(MenuKey.Down);
        Assert.DoesNotContain(Ansi.EraseDisplay, h.LastOutput);
        Assert.Equal([3, 4], RowsWritten(h.LastOutput));
        Assert.StartsWith("> 2. Advanced", h.Highlighted);
        Assert.Equal("  1. Debian GNU/Linux (default)", h.Line(3));
    }

    [Fact]
    public void A_countdown_tick_rewrites_one_row_and_an_idle_tick_nothing()
    {
        var h = new Harness(Fixtures.Model(TimeSpan.FromSeconds(5))).Start().Tick(1);
        Assert.Equal([MenuLayout.CountdownRow(24)], RowsWritten(h.LastOutput));
        Assert.Equal("Booting 'Debian GNU/Linux' in 4s...", h.CountdownLine);
        h.Tick(0.2);
        Assert.Equal("", h.LastOutput);
    }

    [Fact]
    public void The_selection_bar_spans_the_full_width()
    {
        var h = new Harness(Fixtures.Model()).Start();
        Assert.True(h.Vt.IsReverse(3, 0));
        Assert.True(h.Vt.IsReverse(3, 79));
        Assert.False(h.Vt.IsReverse(4, 0));
    }

    [Fact]
    public void Long_titles_are_cut_with_an_ellipsis_and_keep_their_markers()
    {
        var item = new MenuItem { Id = "x", Title = new string('T', 100), IsDefault = true, Cmdline = "" };
        var h = new Harness(Fixtures.Model(items: [item])).Start();
        string expected = "> 1. " + new string('T', 80 - 5 - 10 - 3) + "... (default)";
        Assert.Equal(80, expected.Length);
        Assert.Equal(expected, h.Line(3));
        Assert.Equal(0, h.Vt.Scrolls);
    }

    [Fact]
    public void Escape_sequences_in_titles_from_disk_are_neutralised()
    {
        var item = new MenuItem { Id = "x", Title = "evil\e[2J\e]0;pwned\a\u009b31mtitle", Cmdline = "a\eb", Details = ["x\ry"] };
        var h = new Harness(Fixtures.Model(items: [item])).Start(); // the VT throws on any unexpected sequence
        Assert.StartsWith("> 1. evil?[2J?]0;pwned??31mtitle", h.Line(3));
        h.Press(MenuKey.Tab);
        Assert.Equal("x?y", h.Line(4));
        h.Press(MenuKey.Escape).Type("e");
        Assert.Equal("a?b", h.Line(3));
    }

    [Fact]
    public void The_bottom_right_cell_is_never_written_so_the_screen_never_scrolls()
    {
        var model = new MenuModel { Items = Fixtures.Items(), Footer = new string('f', 200) };
        var h = new Harness(model).Start();
        Assert.Equal(new string('f', 76) + "...", h.Footer);
        Assert.Equal(0, h.Vt.Scrolls);
    }

    [Fact]
    public void A_bigger_terminal_shows_more_rows_and_longer_lines()
    {
        var items = Fixtures.Numbered(40);
        items[0] = new MenuItem { Id = "e1", Title = "Entry 1 " + new string('L', 200), Cmdline = "" };
        var h = new Harness(Fixtures.Model(items: items), 120, 40).Start();
        Assert.Equal(120, h.Line(3).Length);
        Assert.EndsWith("LLL...", h.Line(3));
        Assert.Equal("  33. Entry 33", h.Line(35));
        Assert.StartsWith("--- v 7 more ---", h.Line(36));
        Assert.Equal(33, h.Machine.PageRows);
    }

    [Fact]
    public void Each_console_keeps_its_own_scroll_window()
    {
        var machine = new MenuMachine(Fixtures.Model(items: Fixtures.Numbered(30)));
        var small = new StringWriter();
        var large = new StringWriter();
        var vtSmall = new VtEmulator(80, 12);
        var vtLarge = new VtEmulator(100, 40);
        var rSmall = new AnsiRenderer(small, new TerminalSize(80, 12));
        var rLarge = new AnsiRenderer(large, new TerminalSize(100, 40));
        for (int i = 0; i < 9; i++) machine.Press(MenuKey.Down);
        rSmall.Render(machine.Screen);
        rLarge.Render(machine.Screen);
        vtSmall.Feed(small.ToString());
        vtLarge.Feed(large.ToString());
        Assert.Equal("> 10. Entry 10", vtSmall.Line(7).TrimEnd()); // 5 list rows: 6..10 shown
        Assert.Equal("   6. Entry 6", vtSmall.Line(3));
        Assert.Equal("> 10. Entry 10", vtLarge.Line(12).TrimEnd());
        Assert.Equal(0, vtSmall.Scrolls + vtLarge.Scrolls);
    }

    [Fact]
    public void Resize_and_Invalidate_redraw_everything()
    {
        var h = new Harness(Fixtures.Model()).Start();
        h.Renderer.Invalidate();
        h.Draw();
        Assert.Contains(Ansi.Home + Ansi.EraseDisplay, h.LastOutput);
        h.Renderer.Resize(new TerminalSize(80, 24));
        h.Draw();
        Assert.Contains(Ansi.EraseDisplay, h.LastOutput);
        Assert.StartsWith("> 1. Debian", h.Highlighted);
    }

    [Fact]
    public void Close_leaves_a_clean_screen_with_the_cursor_on()
    {
        var h = new Harness(Fixtures.Model()).Start();
        var sw = new StringWriter();
        var r = new AnsiRenderer(sw);
        r.Render(h.Machine.Screen);
        r.Close();
        var vt = new VtEmulator();
        vt.Feed(sw.ToString());
        Assert.All(vt.Lines, l => Assert.Equal("", l));
        Assert.True(vt.CursorVisible);
        Assert.Equal((0, 0), (vt.Row, vt.Column));
    }

    [Fact]
    public void The_size_defaults_to_80x24_when_the_console_reports_none()
    {
        Assert.Equal(new TerminalSize(80, 24), TerminalSize.OrDefault(0, 0));
        Assert.Equal(new TerminalSize(80, 24), new AnsiRenderer(TextWriter.Null).Size);
        Assert.Equal(new TerminalSize(132, 50), TerminalSize.OrDefault(132, 50));
    }
}
