namespace LinuxBootSharp.Menu.Tests;

public class EditorTests
{
    private const int TextRow = MenuLayout.FirstListRow;

    private static Harness Editing(string cmdline = "abc def")
    {
        var item = new MenuItem { Id = "x", Title = "Test entry", Cmdline = cmdline };
        return new Harness(Fixtures.Model(items: [item])).Start().Type("e");
    }

    private static void AssertCursor(Harness h, int column, int row = TextRow)
    {
        Assert.True(h.Vt.CursorVisible);
        Assert.Equal((row, column), (h.Vt.Row, h.Vt.Column));
    }

    [Fact]
    public void E_opens_the_editor_with_the_cursor_at_the_end()
    {
        var h = new Harness(Fixtures.Model(TimeSpan.FromSeconds(5))).Start().Type("e");
        Assert.Equal(MenuView.Edit, h.Machine.View);
        Assert.Equal("Edit command line: Debian GNU/Linux", h.Line(1));
        Assert.Equal(Fixtures.DebianCmdline, h.Line(TextRow));
        Assert.Equal("", h.CountdownLine);
        Assert.Equal("Enter boot | Esc cancel | Ctrl-A/E start/end | Ctrl-K/U cut to end/start", h.Footer);
        AssertCursor(h, Fixtures.DebianCmdline.Length);
    }

    [Fact]
    public void Typed_characters_are_inserted_and_Enter_boots_the_edited_line()
    {
        var h = Editing().Type(" single");
        Assert.Equal("abc def single", h.Line(TextRow));
        AssertCursor(h, 14);
        h.Press(MenuKey.Enter);
        Assert.Equal(MenuActionKind.Boot, h.Last.Kind);
        Assert.Equal("x", h.Last.Item!.Id);
        Assert.Equal("abc def single", h.Last.Cmdline);
        Assert.True(h.Last.Edited);
        Assert.False(h.Vt.CursorVisible);
    }

    [Fact]
    public void Left_Right_move_and_insert_happens_at_the_cursor()
    {
        var h = Editing().Press(MenuKey.Left, MenuKey.Left, MenuKey.Left, MenuKey.Left).Type("X");
        Assert.Equal("abcX def", h.Line(TextRow));
        AssertCursor(h, 4);
        h.Press(MenuKey.Right).Type("Y");
        Assert.Equal("abcX Ydef", h.Line(TextRow));
        h.Press(MenuKey.Right, MenuKey.Right, MenuKey.Right, MenuKey.Right, MenuKey.Right);
        AssertCursor(h, 9);
    }

    [Fact]
    public void Home_End_and_Ctrl_A_E_jump_to_the_ends()
    {
        var h = Editing().Press(MenuKey.Home).Type("1");
        Assert.Equal("1abc def", h.Line(TextRow));
        h.Press(MenuKey.End).Type("2");
        Assert.Equal("1abc def2", h.Line(TextRow));
        h.Press(MenuKey.Ctrl('A')).Type("3");
        Assert.Equal("31abc def2", h.Line(TextRow));
        h.Press(MenuKey.Ctrl('E')).Type("4");
        Assert.Equal("31abc def24", h.Line(TextRow));
        AssertCursor(h, 11);
    }

    [Fact]
    public void Backspace_deletes_before_the_cursor_and_Delete_under_it()
    {
        var h = Editing().Press(MenuKey.Backspace);
        Assert.Equal("abc de", h.Line(TextRow));
        h.Press(MenuKey.Home, MenuKey.Delete);
        Assert.Equal("bc de", h.Line(TextRow));
        AssertCursor(h, 0);
        h.Press(MenuKey.Backspace); // nothing before the cursor
        h.Press(MenuKey.End, MenuKey.Delete); // nothing under it
        Assert.Equal("bc de", h.Line(TextRow));
    }

    [Fact]
    public void Ctrl_K_cuts_to_the_end_and_Ctrl_U_to_the_start()
    {
        var h = Editing("console=ttyS0 quiet splash").Press(MenuKey.Home);
        for (int i = 0; i < 13; i++) h.Press(MenuKey.Right);
        h.Press(MenuKey.Ctrl('K'));
        Assert.Equal("console=ttyS0", h.Line(TextRow));
        h.Press(MenuKey.Left, MenuKey.Left, MenuKey.Ctrl('U'));
        Assert.Equal("S0", h.Line(TextRow));
        AssertCursor(h, 0);
        h.Press(MenuKey.Enter);
        Assert.Equal("S0", h.Last.Cmdline);
    }

    [Fact]
    public void Escape_cancels_and_the_entry_keeps_its_cmdline()
    {
        var h = new Harness(Fixtures.Model()).Start().Type("e").Type(" single").Press(MenuKey.Escape);
        Assert.Equal(MenuView.List, h.Machine.View);
        Assert.False(h.Vt.CursorVisible);
        Assert.StartsWith("> 1. Debian", h.Highlighted);
        h.Press(MenuKey.Enter);
        Assert.Equal(Fixtures.DebianCmdline, h.Last.Cmdline);
        Assert.False(h.Last.Edited);
        h.Type("e");
        Assert.Equal(Fixtures.DebianCmdline, h.Line(TextRow));
    }

    [Fact]
    public void Letters_that_are_commands_in_the_list_are_text_in_the_editor()
    {
        var h = Editing("").Type("rsde q");
        Assert.Equal("rsde q", h.Line(TextRow));
        Assert.All(h.Actions, a => Assert.Equal(MenuActionKind.Redraw, a.Kind));
    }

    [Fact]
    public void Long_command_lines_wrap_and_the_cursor_follows()
    {
        string line = string.Concat(Enumerable.Range(0, 30).Select(i => $"opt{i:D2}=1 ")); // 240 chars: 3 full rows
        var h = Editing(line);
        Assert.Equal(line[..80].TrimEnd(), h.Line(TextRow));
        Assert.Equal(line[80..160].TrimEnd(), h.Line(TextRow + 1));
        Assert.Equal(line[160..240].TrimEnd(), h.Line(TextRow + 2));
        AssertCursor(h, 0, TextRow + 3); // after the last char: the start of the next row
        h.Type("x");
        Assert.Equal("x", h.Line(TextRow + 3));
        AssertCursor(h, 1, TextRow + 3);
        h.Press(MenuKey.Backspace, MenuKey.Left);
        AssertCursor(h, 79, TextRow + 2);
        h.Press(MenuKey.Home);
        AssertCursor(h, 0);
        Assert.Equal(0, h.Vt.Scrolls);
    }

    [Fact]
    public void A_cmdline_longer_than_the_screen_scrolls_to_keep_the_cursor_visible()
    {
        string line = new string('a', 80 * 17) + "tail"; // 17 editor rows at 24 lines, plus part of one more
        var h = Editing(line);
        Assert.Equal("tail", h.Line(MenuLayout.BottomRuleRow(24) - 1));
        Assert.StartsWith("--- ^ more ---", h.Line(MenuLayout.TopRuleRow));
        AssertCursor(h, 4, MenuLayout.BottomRuleRow(24) - 1);
        h.Press(MenuKey.Home);
        AssertCursor(h, 0, TextRow);
        Assert.StartsWith("--- v more ---", h.Line(MenuLayout.BottomRuleRow(24)));
        Assert.Equal(0, h.Vt.Scrolls);
    }

    [Fact]
    public void The_editor_refuses_more_than_the_kernel_accepts()
    {
        var h = Editing(new string('a', 2046)).Type("bc");
        Assert.Equal("The command line is limited to 2047 characters", h.Status);
        h.Press(MenuKey.Enter);
        Assert.Equal(2047, h.Last.Cmdline!.Length);
        Assert.EndsWith("ab", h.Last.Cmdline);
    }

    [Fact]
    public void Editing_can_be_locked_by_the_board()
    {
        var h = new Harness(Fixtures.Model(editing: false)).Start().Type("e");
        Assert.Equal(MenuView.List, h.Machine.View);
        Assert.Equal("Editing the command line is disabled on this board", h.Status);
        Assert.Equal("Enter boot | d details | r rescan", h.Footer);
    }

    [Fact]
    public void Entries_without_a_cmdline_cannot_be_edited()
    {
        var item = new MenuItem { Id = "uki", Title = "Linux UKI" };
        var h = new Harness(Fixtures.Model(items: [item])).Start().Type("e");
        Assert.Equal("'Linux UKI' has no command line to edit", h.Status);
    }
}
