namespace LinuxBootSharp.Menu.Tests;

public class DumbLineInputTests
{
    private static MenuMachine Machine(bool shell = false) => new(Fixtures.Model(TimeSpan.FromSeconds(5), shell: shell));

    [Fact]
    public void An_empty_line_boots_the_default()
    {
        var a = DumbLineInput.Apply(Machine(), "");
        Assert.Equal(MenuActionKind.Boot, a.Kind);
        Assert.Equal("debian", a.Item!.Id);
    }

    [Theory]
    [InlineData("4", "memtest")]
    [InlineData(" 4 ", "memtest")]
    [InlineData("1", "debian")]
    public void A_number_boots_that_entry(string line, string id)
    {
        var a = DumbLineInput.Apply(Machine(), line);
        Assert.Equal(MenuActionKind.Boot, a.Kind);
        Assert.Equal(id, a.Item!.Id);
    }

    [Fact]
    public void Ten_and_more_work_without_a_digit_window()
    {
        var m = new MenuMachine(Fixtures.Model(items: Fixtures.Numbered(25)));
        Assert.Equal("e23", DumbLineInput.Apply(m, "23").Item!.Id);
    }

    [Theory]
    [InlineData("0", "No entry 0: choose 1-4")]
    [InlineData("5", "No entry 5: choose 1-4")]
    [InlineData("x", "Unknown choice 'x'")]
    [InlineData("e x", "Unknown choice 'e x'")]
    public void Bad_input_sets_a_status_and_stops_the_countdown(string line, string status)
    {
        var m = Machine();
        Assert.Equal(MenuActionKind.Redraw, DumbLineInput.Apply(m, line).Kind);
        Assert.Equal(status, m.Screen.Status);
        Assert.False(m.CountdownRunning);
    }

    [Fact]
    public void E_N_edits_and_an_empty_answer_keeps_the_cmdline()
    {
        var m = Machine();
        DumbLineInput.Apply(m, "e1");
        Assert.Equal(MenuView.Edit, m.View);
        var a = DumbLineInput.Apply(m, "");
        Assert.Equal(Fixtures.DebianCmdline, a.Cmdline);
        Assert.False(a.Edited);
    }

    [Fact]
    public void A_dot_cancels_the_edit()
    {
        var m = Machine();
        DumbLineInput.Apply(m, "e");
        Assert.Equal(MenuActionKind.Redraw, DumbLineInput.Apply(m, ".").Kind);
        Assert.Equal(MenuView.List, m.View);
    }

    [Fact]
    public void D_alone_shows_the_selection_and_any_line_returns()
    {
        var m = Machine();
        DumbLineInput.Apply(m, "d");
        Assert.Equal("debian", m.Screen.Details!.Item.Id);
        DumbLineInput.Apply(m, "whatever");
        Assert.Equal(MenuView.List, m.View);
    }

    [Fact]
    public void Zero_leaves_a_submenu()
    {
        var m = Machine();
        DumbLineInput.Apply(m, "2");
        Assert.Equal(["Advanced options for Debian GNU/Linux"], m.Screen.Path);
        DumbLineInput.Apply(m, "0");
        Assert.Empty(m.Screen.Path);
    }

    [Fact]
    public void R_and_s_pass_through()
    {
        Assert.Equal(MenuActionKind.Rescan, DumbLineInput.Apply(Machine(), "r").Kind);
        Assert.Equal(MenuActionKind.Shell, DumbLineInput.Apply(Machine(shell: true), "s").Kind);
        Assert.Equal(MenuActionKind.Redraw, DumbLineInput.Apply(Machine(shell: false), "s").Kind);
    }
}
