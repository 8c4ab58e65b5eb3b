namespace LinuxBootSharp.Menu.Tests;

/// <summary>GRUB's timeout_style (grub-core/normal/menu.c run_menu): countdown and hidden draw no menu until a key.</summary>
public class TimeoutStyleTests
{
    private static MenuModel Model(CountdownStyle style, double? seconds, IReadOnlyList<MenuItem>? items = null) => new()
    {
        Items = items ?? Fixtures.Items(),
        Timeout = seconds is double s ? TimeSpan.FromSeconds(s) : null,
        Title = "LinuxBootSharp boot menu",
        CountdownStyle = style,
    };

    private static List<string> NonBlankLines(Harness h) =>
        Enumerable.Range(0, h.Vt.Height).Select(h.Line).Where(l => l.Trim().Length > 0).ToList();

    [Fact]
    public void Countdown_style_draws_only_the_countdown_line()
    {
        var h = new Harness(Model(CountdownStyle.Countdown, 3)).Start().Draw();
        Assert.Equal(MenuView.Waiting, h.Machine.View);
        Assert.Equal(["Booting 'Debian GNU/Linux' in 3s, press Esc for the menu"], NonBlankLines(h).Select(l => l.TrimEnd()));
        h.Tick(1).Draw();
        Assert.Equal(["Booting 'Debian GNU/Linux' in 2s, press Esc for the menu"], NonBlankLines(h).Select(l => l.TrimEnd()));
        h.Tick(2);
        Assert.Equal(MenuActionKind.Boot, h.Last.Kind);
        Assert.True(h.Last.ByTimeout);
        Assert.Equal("debian", h.Last.Item!.Id);
    }

    [Fact]
    public void Hidden_style_draws_nothing_then_boots_the_default()
    {
        var h = new Harness(Model(CountdownStyle.Hidden, 2)).Start().Draw();
        Assert.Empty(NonBlankLines(h));
        h.Tick(1).Draw();
        Assert.Empty(NonBlankLines(h));
        h.Tick(1);
        Assert.Equal(MenuActionKind.Boot, h.Last.Kind);
        Assert.True(h.Last.ByTimeout);
    }

    [Theory]
    [InlineData(CountdownStyle.Countdown)]
    [InlineData(CountdownStyle.Hidden)]
    public void Esc_shows_the_menu_with_the_countdown_stopped(CountdownStyle style)
    {
        var h = new Harness(Model(style, 5)).Start().Draw().Tick(1);
        h.Press(MenuKey.Escape).Draw();
        Assert.Equal(MenuView.List, h.Machine.View);
        Assert.False(h.Machine.CountdownRunning);
        Assert.StartsWith("> 1. Debian GNU/Linux", h.Highlighted);
        Assert.Equal("", h.CountdownLine.Trim());
        h.Tick(10);
        Assert.DoesNotContain(h.Actions, a => a.Kind == MenuActionKind.Boot);
    }

    [Theory]
    [InlineData(KeyKind.Function, 4)]
    [InlineData(KeyKind.Function, 8)]
    [InlineData(KeyKind.Enter, 0)]
    [InlineData(KeyKind.Down, 0)]
    public void F4_F8_and_any_other_key_show_the_menu_without_acting_on_it(KeyKind kind, int n)
    {
        var h = new Harness(Model(CountdownStyle.Countdown, 5)).Start();
        var action = h.Machine.Press(new MenuKey(kind, default, n));
        Assert.Equal(MenuActionKind.Redraw, action.Kind);
        Assert.Equal(MenuView.List, h.Machine.View);
        Assert.Equal(0, h.Machine.Screen.Selected);
        Assert.False(h.Machine.CountdownRunning);
    }

    [Theory]
    [InlineData(CountdownStyle.Countdown)]
    [InlineData(CountdownStyle.Hidden)]
    public void Zero_timeout_boots_the_default_at_once(CountdownStyle style)
    {
        var h = new Harness(Model(style, 0)).Start();
        Assert.Equal(MenuActionKind.Boot, Assert.Single(h.Actions).Kind);
        Assert.True(h.Last.ByTimeout);
        Assert.Equal("debian", h.Last.Item!.Id);
    }

    [Fact]
    public void A_key_pending_before_start_shows_the_menu_even_with_zero_timeout()
    {
        var h = new Harness(Model(CountdownStyle.Hidden, 0));
        h.Press(MenuKey.Escape).Start();
        Assert.DoesNotContain(h.Actions, a => a.Kind == MenuActionKind.Boot);
        Assert.Equal(MenuView.List, h.Machine.View);
    }

    [Fact]
    public void Without_a_countdown_the_style_is_menu()
    {
        var h = new Harness(Model(CountdownStyle.Hidden, null)).Start().Draw();
        Assert.Equal(MenuView.List, h.Machine.View);
        Assert.StartsWith("> 1. Debian GNU/Linux", h.Highlighted);
    }

    [Fact]
    public void Dumb_console_typing_shows_the_menu()
    {
        var m = new MenuMachine(Model(CountdownStyle.Hidden, 5));
        m.Start();
        m.StopCountdown();
        Assert.Equal(MenuView.List, m.View);
    }

    [Fact]
    public void Dumb_renderer_prints_only_the_countdown_while_waiting()
    {
        var m = new MenuMachine(Model(CountdownStyle.Countdown, 3));
        var output = new StringWriter();
        var r = new DumbRenderer(output);
        m.Start();
        r.Render(m.Screen);
        Assert.Equal("Booting 'Debian GNU/Linux' in 3s, press Esc for the menu\n", output.ToString());
        m.Press(MenuKey.Escape);
        r.Render(m.Screen);
        Assert.Contains("1) Debian GNU/Linux (default)", output.ToString());
    }

    [Fact]
    public void An_undefaulted_empty_menu_that_times_out_shows_the_menu_with_the_reason()
    {
        var h = new Harness(Model(CountdownStyle.Hidden, 1, items: [])).Start().Tick(1).Draw();
        Assert.Equal(MenuView.List, h.Machine.View);
        Assert.Equal("Not booting: no boot entries found", h.Status.Trim());
    }
}
