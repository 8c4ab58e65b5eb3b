namespace LinuxBootSharp.Menu.Tests;

public class CountdownTests
{
    [Fact]
    public void Counts_down_each_second_then_boots_the_default()
    {
        var h = new Harness(Fixtures.Model(TimeSpan.FromSeconds(3))).Start();
        Assert.Equal("Booting 'Debian GNU/Linux' in 3s...", h.CountdownLine);
        h.Tick(1);
        Assert.Equal(MenuActionKind.Redraw, h.Last.Kind);
        Assert.Equal("Booting 'Debian GNU/Linux' in 2s...", h.CountdownLine);
        h.Tick(1);
        Assert.Equal("Booting 'Debian GNU/Linux' in 1s...", h.CountdownLine);
        h.Tick(0.9);
        Assert.Equal(MenuActionKind.None, h.Last.Kind);
        Assert.Equal("Booting 'Debian GNU/Linux' in 1s...", h.CountdownLine);
        h.Tick(0.1);
        Assert.Equal(MenuActionKind.Boot, h.Last.Kind);
        Assert.Equal("debian", h.Last.Item!.Id);
        Assert.Equal(Fixtures.DebianCmdline, h.Last.Cmdline);
    }

    [Fact]
    public void Ticks_shorter_than_a_second_redraw_only_when_the_number_changes()
    {
        var h = new Harness(Fixtures.Model(TimeSpan.FromSeconds(2))).Start();
        var kinds = Enumerable.Range(0, 15).Select(_ => h.Machine.Tick(TimeSpan.FromMilliseconds(100)).Kind).ToList();
        // "2s" stays up until a full second has passed, then "1s".
        Assert.Equal(Enumerable.Repeat(MenuActionKind.None, 9), kinds.Take(9));
        Assert.Equal(MenuActionKind.Redraw, kinds[9]);
        Assert.Equal(Enumerable.Repeat(MenuActionKind.None, 5), kinds.Skip(10));
    }

    [Fact]
    public void Any_key_stops_the_countdown_for_good()
    {
        var h = new Harness(Fixtures.Model(TimeSpan.FromSeconds(3))).Start();
        h.Tick(1).Press(MenuKey.Down);
        Assert.Equal("", h.CountdownLine);
        Assert.False(h.Machine.CountdownRunning);
        h.Tick(10);
        Assert.Equal(MenuActionKind.None, h.Last.Kind);
        Assert.StartsWith("> 2. Advanced", h.Highlighted);
    }

    [Fact]
    public void A_control_key_also_stops_it()
    {
        var h = new Harness(Fixtures.Model(TimeSpan.FromSeconds(3))).Start();
        h.Press(MenuKey.Ctrl('X')).Tick(5);
        Assert.DoesNotContain(h.Actions, a => a.Kind == MenuActionKind.Boot);
    }

    [Fact]
    public void Zero_timeout_boots_the_default_at_start()
    {
        var h = new Harness(Fixtures.Model(TimeSpan.Zero));
        h.Start();
        Assert.Equal(MenuActionKind.Boot, h.Last.Kind);
        Assert.Equal("debian", h.Last.Item!.Id);
    }

    [Fact]
    public void Zero_timeout_with_a_key_already_pending_shows_the_menu()
    {
        var h = new Harness(Fixtures.Model(TimeSpan.Zero));
        h.Press(MenuKey.Down).Start();
        Assert.DoesNotContain(h.Actions, a => a.Kind == MenuActionKind.Boot);
        Assert.StartsWith("> 2. Advanced", h.Highlighted);
    }

    [Fact]
    public void No_timeout_means_no_countdown()
    {
        var h = new Harness(Fixtures.Model(null)).Start();
        Assert.Equal("", h.CountdownLine);
        h.Tick(3600);
        Assert.Equal(MenuActionKind.None, h.Last.Kind);
        var inf = new Harness(Fixtures.Model(Timeout.InfiniteTimeSpan)).Start().Tick(3600);
        Assert.Equal("", inf.CountdownLine);
        Assert.Equal(MenuActionKind.None, inf.Last.Kind);
    }

    [Fact]
    public void Without_a_marked_default_the_first_bootable_entry_is_the_default()
    {
        var items = new List<MenuItem> { Fixtures.Fedora(), Fixtures.Debian(isDefault: false), Fixtures.Memtest() };
        var h = new Harness(Fixtures.Model(TimeSpan.FromSeconds(1), items: items)).Start();
        Assert.StartsWith("> 2. Debian", h.Highlighted);
        h.Tick(1);
        Assert.Equal("debian", h.Last.Item!.Id);
    }

    [Fact]
    public void A_default_in_the_middle_keeps_its_place_and_the_bar_starts_on_it()
    {
        // GRUB, syslinux and systemd-boot keep the config's order: Down from the default is the
        // entry the config lists after it.
        var items = new List<MenuItem> { Fixtures.Memtest(), Fixtures.Debian(), Fixtures.Advanced(), Fixtures.Fedora() };
        var h = new Harness(Fixtures.Model(TimeSpan.FromSeconds(5), items: items)).Start();
        Assert.Equal("  1. Memory test (memtest86+x64.bin)", h.Line(3));
        Assert.StartsWith("> 2. Debian GNU/Linux (default)", h.Highlighted);
        h.Press(MenuKey.Down);
        Assert.StartsWith("> 3. Advanced options", h.Highlighted);
        h.Press(MenuKey.Up, MenuKey.Up, MenuKey.Enter);
        Assert.Equal("memtest", h.Last.Item!.Id);
    }

    [Fact]
    public void A_default_inside_a_submenu_is_booted_and_its_submenu_selected()
    {
        var adv = Fixtures.Advanced();
        var child = adv.Children[2];
        var marked = new MenuItem { Id = child.Id, Title = child.Title, Cmdline = child.Cmdline, IsDefault = true };
        var sub = new MenuItem { Id = adv.Id, Title = adv.Title, Children = [adv.Children[0], adv.Children[1], marked] };
        var h = new Harness(Fixtures.Model(TimeSpan.FromSeconds(2), items: [Fixtures.Debian(isDefault: false), sub])).Start();
        Assert.StartsWith("> 2. Advanced", h.Highlighted);
        Assert.Equal("Booting 'Debian GNU/Linux, with Linux 6.1.0-12-amd64' in 2s...", h.CountdownLine);
        h.Tick(2);
        Assert.Equal("debian-6.1-12", h.Last.Item!.Id);
    }

    [Fact]
    public void A_submenu_marked_default_boots_its_first_entry_as_grub_does()
    {
        var adv = Fixtures.Advanced();
        var marked = new MenuItem { Id = adv.Id, Title = adv.Title, Children = adv.Children, IsDefault = true };
        var h = new Harness(Fixtures.Model(TimeSpan.FromSeconds(1), items: [Fixtures.Debian(isDefault: false), marked])).Start();
        Assert.StartsWith("> 2. Advanced", h.Highlighted);
        h.Tick(1);
        Assert.Equal("debian-6.1-13", h.Last.Item!.Id);
    }

    [Fact]
    public void Opening_the_submenu_that_holds_the_default_puts_the_bar_on_it()
    {
        var adv = Fixtures.Advanced();
        var child = adv.Children[1];
        var marked = new MenuItem { Id = child.Id, Title = child.Title, Cmdline = child.Cmdline, IsDefault = true };
        var sub = new MenuItem { Id = adv.Id, Title = adv.Title, Children = [adv.Children[0], marked, adv.Children[2]] };
        var h = new Harness(Fixtures.Model(TimeSpan.FromSeconds(5), items: [Fixtures.Debian(isDefault: false), sub])).Start();
        h.Press(MenuKey.Enter);
        Assert.StartsWith("> 2. Debian GNU/Linux, with Linux 6.1.0-13-amd64 (recovery mode) (default)", h.Highlighted);
    }

    [Fact]
    public void A_disabled_default_is_not_booted_and_the_reason_is_shown()
    {
        var fedora = Fixtures.Fedora();
        var items = new List<MenuItem>
        {
            new() { Id = fedora.Id, Title = fedora.Title, Enabled = false, DisabledReason = fedora.DisabledReason, IsDefault = true },
            Fixtures.Debian(isDefault: false),
        };
        var h = new Harness(Fixtures.Model(TimeSpan.FromSeconds(2), items: items)).Start();
        Assert.StartsWith("Waiting 2s: default 'Fedora Linux 39 (Workstation Edition)' cannot boot (", h.CountdownLine);
        Assert.EndsWith("...", h.CountdownLine);
        Assert.Equal(80, h.CountdownLine.Length);
        Assert.Equal(MenuActionKind.None, h.Machine.Tick(TimeSpan.FromSeconds(0.5)).Kind);
        h.Tick(1.5);
        Assert.Equal(MenuActionKind.Redraw, h.Last.Kind);
        Assert.Equal("", h.CountdownLine);
        Assert.Equal("Not booting: default 'Fedora Linux 39 (Workstation Edition)' cannot boot: ker...", h.Status);
    }

    [Fact]
    public void With_no_entries_the_countdown_waits_for_late_disks()
    {
        var h = new Harness(Fixtures.Model(TimeSpan.FromSeconds(3), items: [])).Start();
        Assert.Equal("No boot entries yet, waiting 3s for disks...", h.CountdownLine);
        h.Tick(1);
        h.Machine.ReplaceItems([Fixtures.Debian()]);
        h.Draw();
        Assert.Equal("Booting 'Debian GNU/Linux' in 2s...", h.CountdownLine);
        h.Tick(2);
        Assert.Equal("debian", h.Last.Item!.Id);
    }

    [Fact]
    public void A_failed_boot_comes_back_to_the_menu_without_booting_again()
    {
        var h = new Harness(Fixtures.Model(TimeSpan.FromSeconds(1))).Start().Tick(1);
        Assert.Equal(MenuActionKind.Boot, h.Last.Kind);
        h.Machine.SetStatus("load failed: initrd.img: no such file or directory");
        h.Draw().Tick(5);
        Assert.Equal(MenuActionKind.None, h.Last.Kind);
        Assert.Equal("load failed: initrd.img: no such file or directory", h.Status);
        Assert.Equal("", h.CountdownLine);
    }
}
