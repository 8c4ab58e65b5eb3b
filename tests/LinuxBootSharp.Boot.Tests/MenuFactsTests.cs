using LinuxBootSharp.Boards;
using LinuxBootSharp.Boot.Discovery;
using LinuxBootSharp.Boot.Init;
using LinuxBootSharp.Boot.Kexec;
using LinuxBootSharp.Boot.MenuHost;
using LinuxBootSharp.BootConfig;
using LinuxBootSharp.Menu;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.Boot.Tests;

/// <summary>GRUB's menu facts (timeout_style, hotkeys, users, fallback) from a grub.cfg on disk to the menu and the boot path.</summary>
public sealed class MenuFactsTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("lbs-menufacts-");

    public void Dispose() => _dir.Delete(true);

    private DiscoveryResult Scan(string grubCfg, params string[] kernels)
    {
        var root = Path.Combine(_dir.FullName, "boot");
        Directory.CreateDirectory(Path.Combine(root, "grub"));
        File.WriteAllText(Path.Combine(root, "grub", "grub.cfg"), grubCfg);
        foreach (var k in kernels)
            File.WriteAllText(Path.Combine(root, k.TrimStart('/')), "kernel " + k);
        return new DiscoveryEngine(TimeSpan.FromSeconds(2)).Run([new DirectorySource("boot", root)]);
    }

    private const string Cfg = """
        set default=0
        set timeout=3
        set timeout_style=countdown
        set fallback="2 1"
        set superusers="root admin"
        menuentry 'Main' --unrestricted { linux /main main=1 }
        menuentry 'Second' --hotkey=x --users alice { linux /second second=1 }
        menuentry 'Rescue' --hotkey=f5 --unrestricted { linux /rescue rescue=1 }
        """;

    [Fact]
    public void TheDefaultConfigsStyleAndSuperusersReachTheResult()
    {
        var r = Scan(Cfg, "/main", "/second", "/rescue");
        Assert.Equal(MenuTimeoutStyle.Countdown, r.TimeoutStyle);
        Assert.Equal(["root", "admin"], r.Superusers);
        Assert.Equal(TimeSpan.FromSeconds(3), r.Timeout);
    }

    [Fact]
    public void HotkeysHiddenEntriesAndPasswordRulesReachTheMenu()
    {
        var r = Scan(Cfg, "/main", "/second", "/rescue");
        var items = EntryMenuItems.Build(r);
        Assert.Equal(["Main", "Second", "Rescue"], items.Select(i => i.Title));
        Assert.Equal(MenuKey.Character('x'), items[1].Hotkey);
        Assert.Equal(MenuKey.Function(5), items[2].Hotkey);
        Assert.Contains("GRUB password rules: superusers root, admin; may boot: superusers and alice (lbs asks no password)", items[1].Details);
        Assert.Contains("GRUB password rules: superusers root, admin; may boot: anyone (--unrestricted)", items[0].Details.Select(d => d.Replace(" (lbs asks no password)", "")));
        Assert.Contains("fallback: #1 tried when the default booted by the countdown fails to load", items[2].Details);
        Assert.Contains("fallback: #2 tried when the default booted by the countdown fails to load", items[1].Details);
        Assert.Contains("hotkey: f5 (boots it at once from its menu level)", items[2].Details);

        // In the menu: countdown only, a hotkey boots its entry at once.
        var machine = new MenuMachine(new MenuModel { Items = items, Timeout = r.Timeout, CountdownStyle = CountdownStyle.Countdown });
        Assert.Equal(MenuView.Waiting, machine.View);
        var a = machine.Press(MenuKey.Character('x'));
        Assert.Equal(MenuActionKind.Boot, a.Kind);
        Assert.False(a.ByTimeout);
        Assert.Equal("Second", ((BootEntry)a.Item!.Tag!).Title);
    }

    /// <summary>IKexec whose load fails for the named titles (as kexec_file_load refusing a kernel would).</summary>
    private sealed class FailingKexec(List<string> log, params string[] failing) : IKexec
    {
        public void Load(StagedImage image)
        {
            log.Add("load " + image.Request.Title);
            if (failing.Contains(image.Request.Title))
                throw new BootLoadException($"kexec_file_load {image.Request.Title}: Exec format error");
        }

        public void Execute() => log.Add("execute");
    }

    private static (MenuLoop Loop, List<string> Log) Loop(DiscoveryResult r, IKexec kexec, List<string> log)
    {
        var bootLog = new BootLog();
        bootLog.AddSink(log.Add);
        var ctx = new InitContext { Log = bootLog, Consoles = new ConsoleSet(), Board = new BoardProfile { Name = "test" }, Cmdline = new KernelCommandLine("") };
        return (new MenuLoop(ctx, () => r, kexec, () => "", r), log);
    }

    [Fact]
    public void WhenTheAutobootedDefaultFailsToLoadTheFallbacksAreTriedInOrder()
    {
        var r = Scan(Cfg, "/main", "/second", "/rescue");
        var log = new List<string>();
        var kexec = new FailingKexec(log, "Main");
        var (loop, _) = Loop(r, kexec, log);
        var outcome = loop.BootByTimeout(r.Default!);
        Assert.Equal(BootOutcome.ExecuteReturned, outcome);
        var steps = log.Where(l => l.StartsWith("load ", StringComparison.Ordinal) || l == "execute" || l.Contains("fallback #")).ToList();
        Assert.Equal("load Main", steps[0]);
        Assert.Contains("fallback #1: booting 'Rescue'", steps[1]);
        Assert.Equal(["load Rescue", "execute"], steps.Skip(2));
        Assert.Contains(log, l => l.Contains("load failed: kexec_file_load Main: Exec format error"));
    }

    [Fact]
    public void EveryFallbackFailingComesBackWithTheDefaultsError()
    {
        var r = Scan(Cfg, "/main", "/second", "/rescue");
        var log = new List<string>();
        var (loop, _) = Loop(r, new FailingKexec(log, "Main", "Rescue", "Second"), log);
        Assert.Null(loop.BootByTimeout(r.Default!));
        Assert.Equal(["load Main", "load Rescue", "load Second"], log.Where(l => l.StartsWith("load ", StringComparison.Ordinal)));
        Assert.Contains(log, l => l.Contains("none of 2 fallback entries loaded"));
    }

    [Fact]
    public void WithoutAFallbackListOnlyTheDefaultIsTried()
    {
        var r = Scan("set default=0\nmenuentry 'Main' { linux /main }\nmenuentry 'Other' { linux /main }\n", "/main");
        var log = new List<string>();
        var (loop, _) = Loop(r, new FailingKexec(log, "Main"), log);
        Assert.Null(loop.BootByTimeout(r.Default!));
        Assert.Equal(["load Main"], log.Where(l => l.StartsWith("load ", StringComparison.Ordinal)));
    }

    [Fact]
    public void DetailsNameTheOneShotDefaultAndUsersWithoutSuperusers()
    {
        var from = new ConfigParseResult { DefaultIsOneShot = true };
        var e = new BootEntry { Title = "X", Source = "grub", SourceFile = "f", IsDefault = true, Users = ["alice"] };
        var d = EntryMenuItems.Details(e, from);
        Assert.Contains("one-shot default (next_entry): GRUB would clear it; lbs does not write", d);
        Assert.Contains("GRUB users: alice (no superusers set: no password asked)", d);
    }

    [Theory]
    [InlineData("x", KeyKind.Char)]
    [InlineData("tab", KeyKind.Tab)]
    [InlineData("backspace", KeyKind.Backspace)]
    [InlineData("delete", KeyKind.Delete)]
    [InlineData("insert", KeyKind.Insert)]
    [InlineData("f12", KeyKind.Function)]
    public void GrubHotkeysBecomeMenuKeys(string grub, KeyKind kind)
    {
        var h = grub switch
        {
            "x" => MenuHotkey.Of('x'),
            "tab" => new MenuHotkey(MenuHotkeyKey.Tab),
            "backspace" => new MenuHotkey(MenuHotkeyKey.Backspace),
            "delete" => new MenuHotkey(MenuHotkeyKey.Delete),
            "insert" => new MenuHotkey(MenuHotkeyKey.Insert),
            _ => new MenuHotkey(MenuHotkeyKey.F12),
        };
        var key = EntryMenuItems.KeyOf(h);
        Assert.Equal(kind, key.Kind);
        if (kind == KeyKind.Function) Assert.Equal(MenuKey.Function(12), key);
        if (kind == KeyKind.Char) Assert.Equal(MenuKey.Character('x'), key);
    }

    [Theory]
    [InlineData("", CountdownStyle.Countdown)]
    [InlineData("lbs.timeout=10", CountdownStyle.Countdown)]
    [InlineData("lbs.timeout=-1", CountdownStyle.Menu)]
    public void TheStyleFollowsTheConfigAndNeedsACountdown(string cmdline, CountdownStyle expected)
    {
        var r = Scan(Cfg, "/main", "/second", "/rescue");
        var ctx = new InitContext { Log = new BootLog(), Consoles = new ConsoleSet(), Board = new BoardProfile { Name = "test" }, Cmdline = new KernelCommandLine(cmdline) };
        Assert.Equal(expected, new MenuLoop(ctx, () => r, new RecordingKexec(), () => "", r).Style());
    }
}
