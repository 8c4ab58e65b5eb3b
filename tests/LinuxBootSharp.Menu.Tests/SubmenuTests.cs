namespace LinuxBootSharp.Menu.Tests;

public class SubmenuTests
{
    private static Harness InAdvanced() => new Harness(Fixtures.Model()).Start().Press(MenuKey.Down, MenuKey.Enter);

    [Fact]
    public void Enter_on_a_submenu_opens_it_and_shows_where_we_are()
    {
        var h = InAdvanced();
        Assert.Equal(MenuActionKind.Redraw, h.Last.Kind);
        Assert.Equal("Advanced options for Debian GNU/Linux", h.Line(1));
        Assert.Equal("> 1. Debian GNU/Linux, with Linux 6.1.0-13-amd64", h.Line(3).TrimEnd());
        Assert.Equal("  2. Debian GNU/Linux, with Linux 6.1.0-13-amd64 (recovery mode)", h.Line(4));
        Assert.Equal("  3. Debian GNU/Linux, with Linux 6.1.0-12-amd64", h.Line(5));
        Assert.Equal("", h.Line(6));
        Assert.EndsWith("| Esc back", h.Footer);
    }

    [Fact]
    public void Entries_inside_boot_with_their_own_cmdline()
    {
        var h = InAdvanced().Press(MenuKey.Down, MenuKey.Enter);
        Assert.Equal(MenuActionKind.Boot, h.Last.Kind);
        Assert.Equal("debian-6.1-13-rec", h.Last.Item!.Id);
        Assert.Equal(Fixtures.DebianCmdline + " single", h.Last.Cmdline);
    }

    [Theory]
    [InlineData(KeyKind.Escape)]
    [InlineData(KeyKind.Left)]
    public void Escape_and_Left_go_back_to_the_parent_with_the_submenu_still_selected(KeyKind back)
    {
        var h = InAdvanced().Press(new MenuKey(back));
        Assert.Equal("", h.Line(1));
        Assert.StartsWith("> 2. Advanced options", h.Highlighted);
        Assert.Equal("  1. Debian GNU/Linux (default)", h.Line(3));
    }

    [Fact]
    public void Escape_at_the_top_level_stays_there()
    {
        var h = new Harness(Fixtures.Model()).Start().Press(MenuKey.Escape);
        Assert.StartsWith("> 1. Debian", h.Highlighted);
        Assert.Equal(MenuActionKind.Redraw, h.Last.Kind);
    }

    [Fact]
    public void Right_opens_a_submenu_but_does_not_boot_an_entry()
    {
        var h = new Harness(Fixtures.Model()).Start().Press(MenuKey.Right);
        Assert.Equal("", h.Line(1));
        h.Press(MenuKey.Down, MenuKey.Right);
        Assert.Equal("Advanced options for Debian GNU/Linux", h.Line(1));
        Assert.DoesNotContain(h.Actions, a => a.Kind == MenuActionKind.Boot);
    }

    [Fact]
    public void E_on_a_submenu_explains_instead_of_editing()
    {
        var h = new Harness(Fixtures.Model()).Start().Press(MenuKey.Down).Type("e");
        Assert.Equal(MenuView.List, h.Machine.View);
        Assert.Equal("'Advanced options for Debian GNU/Linux' is a submenu: Enter opens it", h.Status);
    }
}
