namespace LinuxBootSharp.Menu.Tests;

public class ListScreenTests
{
    [Fact]
    public void First_screen_at_80x24_shows_title_numbered_entries_countdown_and_hints()
    {
        var h = new Harness(Fixtures.Model(TimeSpan.FromSeconds(5))).Start();

        string rule = new('-', 80);
        string[] expected =
        [
            "LinuxBootSharp boot menu",
            "",
            rule,
            "> 1. Debian GNU/Linux (default)",
            "  2. Advanced options for Debian GNU/Linux >",
            "  3. Fedora Linux 39 (Workstation Edition) (unavailable)",
            "  4. Memory test (memtest86+x64.bin)",
            .. Enumerable.Repeat("", 13),
            rule,
            "Booting 'Debian GNU/Linux' in 5s...",
            "",
            "Enter boot | e edit | d details | r rescan",
        ];
        Assert.Equal(expected, h.Vt.Lines);
        Assert.True(h.Vt.IsBold(0));
        Assert.Equal([3], h.Vt.ReverseRows);
        Assert.False(h.Vt.CursorVisible);
        Assert.Equal(0, h.Vt.Scrolls);
    }

    [Fact]
    public void Arrows_move_the_selection_bar_and_stop_at_the_ends()
    {
        var h = new Harness(Fixtures.Model()).Start();
        h.Press(MenuKey.Down, MenuKey.Down);
        Assert.Equal("> 3. Fedora Linux 39 (Workstation Edition) (unavailable)", h.Highlighted?.TrimEnd());
        h.Press(MenuKey.Down, MenuKey.Down, MenuKey.Down);
        Assert.StartsWith("> 4. Memory test", h.Highlighted);
        h.Press(MenuKey.Up);
        Assert.StartsWith("> 3. Fedora", h.Highlighted);
        Assert.Equal("  4. Memory test (memtest86+x64.bin)", h.Line(6));
        h.Press(MenuKey.Up, MenuKey.Up, MenuKey.Up, MenuKey.Up);
        Assert.StartsWith("> 1. Debian", h.Highlighted);
    }

    [Fact]
    public void Home_and_End_jump_to_first_and_last()
    {
        var h = new Harness(Fixtures.Model()).Start();
        h.Press(MenuKey.End);
        Assert.StartsWith("> 4. Memory test", h.Highlighted);
        h.Press(MenuKey.Home);
        Assert.StartsWith("> 1. Debian", h.Highlighted);
    }

    [Fact]
    public void Long_lists_scroll_to_keep_the_selection_visible_and_say_how_many_are_hidden()
    {
        var h = new Harness(Fixtures.Model(items: Fixtures.Numbered(40))).Start();
        Assert.Equal(">  1. Entry 1", h.Line(3).TrimEnd());
        Assert.Equal("  17. Entry 17", h.Line(19));
        Assert.StartsWith("--- v 23 more ---", h.Line(20));

        h.Press(MenuKey.PageDown); // 17 rows per page at 24 lines
        Assert.Equal("> 18. Entry 18", h.Highlighted?.TrimEnd());
        Assert.Equal(19, h.Vt.ReverseRows.Single()); // scrolled by one row only
        Assert.StartsWith("--- ^ 1 more ---", h.Line(2));
        Assert.StartsWith("--- v 22 more ---", h.Line(20));

        h.Press(MenuKey.End);
        Assert.Equal("> 40. Entry 40", h.Line(19).TrimEnd());
        Assert.StartsWith("--- ^ 23 more ---", h.Line(2));
        Assert.Equal(new string('-', 80), h.Line(20));

        h.Press(MenuKey.PageUp);
        Assert.Equal("> 23. Entry 23", h.Line(3).TrimEnd());
        h.Press(MenuKey.PageUp, MenuKey.PageUp);
        Assert.Equal(">  1. Entry 1", h.Line(3).TrimEnd());
        Assert.Equal(0, h.Vt.Scrolls);
    }

    [Fact]
    public void A_digit_selects_that_entry()
    {
        var h = new Harness(Fixtures.Model()).Start();
        h.Type("4");
        Assert.StartsWith("> 4. Memory test", h.Highlighted);
        Assert.Equal(MenuActionKind.Redraw, h.Last.Kind);
        h.Type("2");
        Assert.StartsWith("> 2. Advanced", h.Highlighted);
    }

    [Fact]
    public void Two_digits_typed_quickly_select_a_two_digit_entry()
    {
        var h = new Harness(Fixtures.Model(items: Fixtures.Numbered(30))).Start();
        h.Type("1").Tick(0.4).Type("2");
        Assert.Equal("> 12. Entry 12", h.Highlighted?.TrimEnd());
    }

    [Fact]
    public void Digits_typed_slowly_are_separate_choices()
    {
        var h = new Harness(Fixtures.Model(items: Fixtures.Numbered(30))).Start();
        h.Type("1").Tick(1.5).Type("2");
        Assert.Equal(">  2. Entry 2", h.Highlighted?.TrimEnd());
    }

    [Fact]
    public void A_second_digit_beyond_the_list_starts_a_new_number()
    {
        var h = new Harness(Fixtures.Model(items: Fixtures.Numbered(15))).Start();
        h.Type("19");
        Assert.Equal(">  9. Entry 9", h.Highlighted?.TrimEnd());
    }

    [Fact]
    public void A_digit_past_the_end_says_so_and_keeps_the_selection()
    {
        var h = new Harness(Fixtures.Model()).Start();
        h.Type("7");
        Assert.StartsWith("> 1. Debian", h.Highlighted);
        Assert.Equal("No entry 7: choose 1-4", h.Status);
        Assert.True(h.Vt.IsBold(MenuLayout.StatusRow(24)));
    }

    [Fact]
    public void Enter_boots_the_selected_entry_with_its_own_cmdline()
    {
        var h = new Harness(Fixtures.Model()).Start();
        h.Press(MenuKey.End, MenuKey.Enter);
        Assert.Equal(MenuActionKind.Boot, h.Last.Kind);
        Assert.Equal("memtest", h.Last.Item!.Id);
        Assert.Equal("", h.Last.Cmdline);
        Assert.False(h.Last.Edited);
    }

    [Fact]
    public void R_asks_the_host_to_rescan()
    {
        var h = new Harness(Fixtures.Model()).Start();
        h.Type("r");
        Assert.Equal(MenuActionKind.Rescan, h.Last.Kind);
    }

    [Fact]
    public void S_opens_the_shell_only_when_the_board_has_one()
    {
        var without = new Harness(Fixtures.Model()).Start().Type("s");
        Assert.Equal(MenuActionKind.Redraw, without.Last.Kind);
        Assert.Equal("No recovery shell on this board", without.Status);
        Assert.DoesNotContain("shell", without.Footer);

        var with = new Harness(Fixtures.Model(shell: true)).Start();
        Assert.Equal("Enter boot | e edit | d details | r rescan | s shell", with.Footer);
        with.Type("s");
        Assert.Equal(MenuActionKind.Shell, with.Last.Kind);
    }

    [Fact]
    public void Host_status_shows_until_the_next_key()
    {
        var h = new Harness(Fixtures.Model()).Start();
        h.Machine.SetStatus("load failed: /boot/vmlinuz: input/output error");
        h.Draw();
        Assert.Equal("load failed: /boot/vmlinuz: input/output error", h.Status);
        h.Tick(1);
        Assert.Equal("load failed: /boot/vmlinuz: input/output error", h.Status);
        h.Press(MenuKey.Down);
        Assert.Equal("", h.Status);
    }

    [Fact]
    public void An_empty_menu_says_so_and_still_offers_rescan()
    {
        var h = new Harness(Fixtures.Model(items: [])).Start();
        Assert.Equal("  (no boot entries)", h.Line(3));
        h.Press(MenuKey.Enter, MenuKey.Down, MenuKey.Tab, MenuKey.Character('e'));
        Assert.All(h.Actions, a => Assert.NotEqual(MenuActionKind.Boot, a.Kind));
        h.Type("r");
        Assert.Equal(MenuActionKind.Rescan, h.Last.Kind);
    }

    [Fact]
    public void Ctrl_L_repaints_the_whole_screen()
    {
        var h = new Harness(Fixtures.Model()).Start();
        h.Vt.Feed("\e[5;1Hline noise");
        h.Press(MenuKey.Ctrl('L'));
        Assert.Equal(MenuActionKind.Repaint, h.Last.Kind);
        Assert.Equal("  2. Advanced options for Debian GNU/Linux >", h.Line(4));
    }
}
