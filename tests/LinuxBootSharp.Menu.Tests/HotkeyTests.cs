namespace LinuxBootSharp.Menu.Tests;

/// <summary>GRUB menuentry --hotkey: the current level's items only, the first with the key wins, the menu's own keys first.</summary>
public class HotkeyTests
{
    private static MenuItem Entry(string id, MenuKey? key, bool hidden = false, bool isDefault = false) =>
        new() { Id = id, Title = "Entry " + id, Cmdline = "x=" + id, Hotkey = key, Hidden = hidden, IsDefault = isDefault };

    private static MenuModel Model(IReadOnlyList<MenuItem> items, CountdownStyle style = CountdownStyle.Menu, double? timeout = null) => new()
    {
        Items = items,
        Timeout = timeout is double t ? TimeSpan.FromSeconds(t) : null,
        CountdownStyle = style,
    };

    [Fact]
    public void A_hotkey_boots_its_entry_at_once()
    {
        var h = new Harness(Model([Entry("a", null, isDefault: true), Entry("b", MenuKey.Character('x')), Entry("c", MenuKey.Character('x'))])).Start();
        h.Press(MenuKey.Character('x'));
        Assert.Equal(MenuActionKind.Boot, h.Last.Kind);
        Assert.Equal("b", h.Last.Item!.Id);
        Assert.False(h.Last.ByTimeout);
        Assert.Equal("x=b", h.Last.Cmdline);
    }

    [Fact]
    public void Hotkeys_are_case_sensitive_and_may_be_function_keys()
    {
        var h = new Harness(Model([Entry("a", MenuKey.Character('x')), Entry("b", MenuKey.Function(5))])).Start();
        h.Press(MenuKey.Character('X'));
        Assert.Equal(MenuActionKind.Redraw, h.Last.Kind);
        h.Press(MenuKey.Function(5));
        Assert.Equal("b", h.Last.Item!.Id);
    }

    [Fact]
    public void A_hotkey_in_a_submenu_works_only_there()
    {
        var sub = new MenuItem { Id = "sub", Title = "More", Children = [Entry("inner", MenuKey.Character('k'))] };
        var h = new Harness(Model([Entry("top", null), sub])).Start();
        h.Press(MenuKey.Character('k'));
        Assert.DoesNotContain(h.Actions, a => a.Kind == MenuActionKind.Boot);
        h.Press(MenuKey.Down, MenuKey.Enter, MenuKey.Character('k'));
        Assert.Equal(MenuActionKind.Boot, h.Last.Kind);
        Assert.Equal("inner", h.Last.Item!.Id);
    }

    [Fact]
    public void The_top_level_hotkey_does_not_work_inside_a_submenu()
    {
        var sub = new MenuItem { Id = "sub", Title = "More", Children = [Entry("inner", null)] };
        var h = new Harness(Model([Entry("top", MenuKey.Character('t')), sub])).Start();
        h.Press(MenuKey.Down, MenuKey.Enter, MenuKey.Character('t'));
        Assert.DoesNotContain(h.Actions, a => a.Kind == MenuActionKind.Boot);
    }

    [Theory]
    [InlineData('e')]
    [InlineData('d')]
    [InlineData('r')]
    [InlineData('s')]
    [InlineData('c')]
    [InlineData('1')]
    public void The_menus_own_keys_beat_a_hotkey(char c)
    {
        var h = new Harness(Model([Entry("a", null), Entry("b", MenuKey.Character(c))])).Start();
        h.Press(MenuKey.Character(c));
        Assert.DoesNotContain(h.Actions, a => a.Kind == MenuActionKind.Boot);
        if (c == 'e') Assert.Equal(MenuView.Edit, h.Machine.View);
    }

    [Fact]
    public void While_waiting_every_hotkey_works_even_e()
    {
        var h = new Harness(Model([Entry("a", null, isDefault: true), Entry("b", MenuKey.Character('e'))], CountdownStyle.Hidden, 5)).Start();
        h.Press(MenuKey.Character('e'));
        Assert.Equal(MenuActionKind.Boot, h.Last.Kind);
        Assert.Equal("b", h.Last.Item!.Id);
        Assert.False(h.Last.ByTimeout);
    }

    [Fact]
    public void A_hidden_entry_takes_no_row_but_its_hotkey_boots_it()
    {
        var h = new Harness(Model([Entry("a", null), Entry("h", MenuKey.Character('h'), hidden: true), Entry("b", null)])).Start().Draw();
        Assert.Equal(["a", "b"], h.Machine.Screen.Items.Select(i => i.Id));
        Assert.StartsWith("  2. Entry b", h.Line(MenuLayout.FirstListRow + 1));
        h.Press(MenuKey.Character('h'));
        Assert.Equal("h", h.Last.Item!.Id);
    }

    [Fact]
    public void A_hidden_default_in_the_list_is_selected_by_its_row()
    {
        var h = new Harness(Model([Entry("h", null, hidden: true), Entry("a", null, isDefault: true)])).Start();
        Assert.Equal(0, h.Machine.Screen.Selected);
        Assert.Equal("a", h.Machine.SelectedItem!.Id);
    }

    [Fact]
    public void The_entry_line_and_details_show_the_hotkey()
    {
        var h = new Harness(Model([Entry("a", MenuKey.Character('x')), Entry("b", MenuKey.Function(5))])).Start().Draw();
        Assert.StartsWith("> 1. Entry a [x]", h.Line(MenuLayout.FirstListRow));
        Assert.StartsWith("  2. Entry b [F5]", h.Line(MenuLayout.FirstListRow + 1));
        h.Press(MenuKey.Character('d'));
        Assert.Contains("Hotkey: x (boots it at once from this menu level)", h.Machine.Screen.Details!.Lines);
    }

    [Fact]
    public void A_hotkey_on_a_disabled_entry_says_why()
    {
        var off = new MenuItem { Id = "off", Title = "Off", Enabled = false, DisabledReason = "chainloader", Hotkey = MenuKey.Character('o') };
        var h = new Harness(Model([Entry("a", null), off])).Start();
        h.Press(MenuKey.Character('o'));
        Assert.Equal(MenuActionKind.Redraw, h.Last.Kind);
        Assert.Equal("Cannot boot 'Off': chainloader", h.Machine.Screen.Status);
    }
}
