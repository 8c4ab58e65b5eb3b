using System.Diagnostics;
using LinuxBootSharp.Boot.Discovery;
using LinuxBootSharp.Boot.MenuHost;
using LinuxBootSharp.BootConfig;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.Boot.Tests;

public sealed class DiscoveryTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("lbs-discovery-");

    public void Dispose() => _dir.Delete(true);

    private string Tree(string name, params (string Path, string Text)[] files)
    {
        var root = Path.Combine(_dir.FullName, name);
        foreach (var (p, t) in files)
        {
            var f = Path.Combine(root, p.TrimStart('/'));
            Directory.CreateDirectory(Path.GetDirectoryName(f)!);
            File.WriteAllText(f, t);
        }
        Directory.CreateDirectory(root);
        return root;
    }

    private static DiscoveryResult Run(params DiskSource[] sources) =>
        new DiscoveryEngine(TimeSpan.FromSeconds(2)).Run(sources);

    [Fact]
    public void DefaultKeepsItsPlaceDisksAreBlocksInDiskOrder()
    {
        var a = Tree("a", ("/loader/entries/x.conf", "title X\nlinux /vmlinuz\noptions x=1\n"), ("/vmlinuz", "K"));
        var b = Tree("b",
            ("/boot/grub/grub.cfg", "set default=1\nset timeout=7\nmenuentry 'One' { linux /k1 one }\nmenuentry 'Two' { linux /k2 two }\nmenuentry 'Three' { linux /k1 three }\n"),
            ("/k1", "K"), ("/k2", "K"));
        // GRUB on the first disk says entry 1: "Two" is the machine default and stays where GRUB
        // lists it (people and scripts press Down from it); the second disk is the next block.
        var r = Run(new DirectorySource("b", b), new DirectorySource("a", a));
        Assert.Equal(["One", "Two", "Three", "X"], r.Entries.Select(e => e.Title));
        Assert.Same(r.Default, r.Entries[1]);
        Assert.Equal(1, r.Entries.Count(e => e.IsDefault));
        Assert.Equal(TimeSpan.FromSeconds(7), r.Timeout);

        // The menu starts with the cursor on the default, not on the first entry.
        var machine = new LinuxBootSharp.Menu.MenuMachine(new LinuxBootSharp.Menu.MenuModel { Items = EntryMenuItems.Build(r) });
        Assert.Equal("Two", machine.SelectedItem!.Title);
        Assert.Equal(1, machine.Screen.Selected);

        // With the BLS disk first, its default (systemd-boot: the first entry when loader.conf
        // names none) is the machine's: the first disk decides, as firmware booting it would.
        var r2 = Run(new DirectorySource("a", a), new DirectorySource("b", b));
        Assert.Equal(["X", "One", "Two", "Three"], r2.Entries.Select(e => e.Title));
        Assert.True(r2.Entries[0].IsDefault);
        Assert.False(r2.Entries[2].IsDefault);
    }

    /// <summary>grub-mkconfig's 10_linux on Debian 12: the top entry and the first entry of
    /// "Advanced options" boot the same kernel, initrd and command line. GRUB lists both.</summary>
    private const string DebianGrubCfg = """
        set default="0"
        set timeout=5
        menuentry 'Debian GNU/Linux' --class debian --class gnu-linux --class gnu --class os $menuentry_id_option 'gnulinux-simple-1234' {
        	linux	/vmlinuz-6.1.0-18-amd64 root=UUID=1234 ro  quiet
        	initrd	/initrd.img-6.1.0-18-amd64
        }
        submenu 'Advanced options for Debian GNU/Linux' $menuentry_id_option 'gnulinux-advanced-1234' {
        	menuentry 'Debian GNU/Linux, with Linux 6.1.0-18-amd64' --class debian $menuentry_id_option 'gnulinux-6.1.0-18-amd64-advanced-1234' {
        		linux	/vmlinuz-6.1.0-18-amd64 root=UUID=1234 ro  quiet
        		initrd	/initrd.img-6.1.0-18-amd64
        	}
        	menuentry 'Debian GNU/Linux, with Linux 6.1.0-18-amd64 (recovery mode)' --class debian $menuentry_id_option 'gnulinux-6.1.0-18-amd64-recovery-1234' {
        		linux	/vmlinuz-6.1.0-18-amd64 root=UUID=1234 ro single
        		initrd	/initrd.img-6.1.0-18-amd64
        	}
        }
        menuentry 'UEFI Firmware Settings' $menuentry_id_option 'uefi-firmware' {
        	fwsetup
        }

        """;

    private string DebianTree(string name, string cfg = DebianGrubCfg) => Tree(name,
        ("/grub/grub.cfg", cfg), ("/vmlinuz-6.1.0-18-amd64", "K"), ("/initrd.img-6.1.0-18-amd64", "I"));

    [Fact]
    public void DebianAdvancedOptionsKeepTheEntryThatEqualsTheTopOne()
    {
        var r = Run(new DirectorySource("deb", DebianTree("deb")));
        Assert.Equal(["Debian GNU/Linux", "Debian GNU/Linux, with Linux 6.1.0-18-amd64", "Debian GNU/Linux, with Linux 6.1.0-18-amd64 (recovery mode)", "UEFI Firmware Settings"],
            r.Entries.Select(e => e.Title));
        Assert.Equal(r.Entries[0].Cmdline, r.Entries[1].Cmdline);
        Assert.True(r.Entries[0].IsDefault);

        var items = EntryMenuItems.Build(r);
        Assert.Equal(["Debian GNU/Linux", "Advanced options for Debian GNU/Linux", "UEFI Firmware Settings"], items.Select(i => i.Title));
        Assert.Equal(["Debian GNU/Linux, with Linux 6.1.0-18-amd64", "Debian GNU/Linux, with Linux 6.1.0-18-amd64 (recovery mode)"], items[1].Children.Select(i => i.Title));
        Assert.True(items[0].IsDefault);
        Assert.False(items[1].Children[0].IsDefault);
    }

    [Fact]
    public void DefaultInsideASubmenuPutsTheCursorOnTheSubmenuAndBootsTheNestedEntry()
    {
        // GRUB with default="1>1": the menu opens at the top level with the cursor on item 1 (the
        // submenu); the countdown boots the submenu's second entry.
        var cfg = DebianGrubCfg.Replace("set default=\"0\"", "set default=\"1>1\"", StringComparison.Ordinal);
        var r = Run(new DirectorySource("deb", DebianTree("deb", cfg)));
        Assert.Equal(4, r.Entries.Count);
        Assert.Same(r.Entries[2], r.Default);
        var machine = new LinuxBootSharp.Menu.MenuMachine(new LinuxBootSharp.Menu.MenuModel { Items = EntryMenuItems.Build(r), Timeout = TimeSpan.FromSeconds(1) });
        Assert.Equal(1, machine.Screen.Selected);
        Assert.Equal("Advanced options for Debian GNU/Linux", machine.SelectedItem!.Title);
        var boot = machine.Tick(TimeSpan.FromSeconds(2));
        Assert.Equal(LinuxBootSharp.Menu.MenuActionKind.Boot, boot.Kind);
        Assert.Equal("Debian GNU/Linux, with Linux 6.1.0-18-amd64 (recovery mode)", boot.Item!.Title);
    }

    [Fact]
    public void TwoDebianDisksAreTwoBlocksWithTheirOwnSubmenus()
    {
        var r = Run(new DirectorySource("d1", DebianTree("d1")), new DirectorySource("d2", DebianTree("d2")));
        Assert.Equal(8, r.Entries.Count);
        Assert.All(r.Entries.Take(4), e => Assert.StartsWith("d1:", e.SourceFile, StringComparison.Ordinal));
        Assert.All(r.Entries.Skip(4), e => Assert.StartsWith("d2:", e.SourceFile, StringComparison.Ordinal));
        Assert.Same(r.Entries[0], r.Default);
        var items = EntryMenuItems.Build(r);
        Assert.Equal(6, items.Count);
        Assert.Equal(items[1].Title, items[4].Title);
        Assert.Equal(2, items[1].Children.Count);
        Assert.Equal(2, items[4].Children.Count);
        Assert.NotEqual(items[1].Id, items[4].Id);
        Assert.Equal(items.Select(i => i.Id).Distinct().Count(), items.Count);
    }

    [Fact]
    public void BlsEntryThroughBlscfgAndThroughTheBlsReaderIsListedOnceAsGrubsEntry()
    {
        var t = Tree("fed",
            ("/grub2/grub.cfg", "set default=0\nset kernelopts=\"root=/dev/sda2 ro\"\nmenuentry 'Before' { linux /vmlinuz before=1 }\nblscfg\nmenuentry 'After' { linux /vmlinuz after=1 }\n"),
            ("/loader/entries/x.conf", "title Fedora X\nlinux /vmlinuz\noptions $kernelopts quiet\n"),
            ("/vmlinuz", "K"));
        var r = Run(new DirectorySource("fed", t));
        Assert.Equal(["Before", "Fedora X", "After"], r.Entries.Select(e => e.Title));
        var x = r.Entries[1];
        Assert.Equal("grub", x.Source);
        Assert.Equal("fed:/loader/entries/x.conf", x.SourceFile);
        Assert.Equal("root=/dev/sda2 ro quiet", x.Cmdline);
    }

    [Fact]
    public void SameKernelInTwoLoadersConfigsIsListedByBoth()
    {
        // Only the same BLS entry file merges: a syslinux entry naming GRUB's kernel is its own entry.
        var t = Tree("two",
            ("/boot/grub/grub.cfg", "menuentry 'G' { linux /k a=1 }\n"),
            ("/syslinux/syslinux.cfg", "DEFAULT s\nLABEL s\n  KERNEL /k\n  APPEND a=1\n"),
            ("/k", "K"));
        var r = Run(new DirectorySource("two", t));
        Assert.Equal(["grub", "syslinux"], r.Entries.Select(e => e.Source));
    }

    [Fact]
    public void MissingKernelIsListedNotBootable()
    {
        var a = Tree("m", ("/boot/grub/grub.cfg", "menuentry 'Gone' { linux /nope }\nmenuentry 'Here' { linux /k }\n"), ("/k", "K"));
        var r = Run(new DirectorySource("m", a));
        var gone = r.Entries.Single(e => e.Title == "Gone");
        Assert.False(gone.IsBootable);
        Assert.Contains("not found", gone.NotBootableReason);
        Assert.True(r.Entries.Single(e => e.Title == "Here").IsBootable);
    }

    [Fact]
    public void BlsEntryAlreadyShownByGrubBlscfgIsListedOnce()
    {
        var a = Tree("f",
            ("/grub2/grub.cfg", "set kernelopts=\"root=/dev/sda2 ro\"\nblscfg\n"),
            ("/loader/entries/f.conf", "title Fedora\nlinux /vmlinuz-6\ninitrd /initramfs-6.img\noptions $kernelopts quiet\n"),
            ("/vmlinuz-6", "K"), ("/initramfs-6.img", "I"));
        var r = Run(new DirectorySource("f", a));
        var fedora = Assert.Single(r.Entries, e => e.Kernel?.Path == "/vmlinuz-6");
        Assert.Equal("grub", fedora.Source);
        Assert.Equal("root=/dev/sda2 ro quiet", fedora.Cmdline);
    }

    [Fact]
    public void HungDiskIsSkippedAfterTheDeadline()
    {
        var good = Tree("g", ("/boot/grub/grub.cfg", "menuentry 'Good' { linux /k }\n"), ("/k", "K"));
        var sw = Stopwatch.StartNew();
        var r = new DiscoveryEngine(TimeSpan.FromMilliseconds(300)).Run(
        [
            new BlockDiskSource("/dev/hung", () => { Thread.Sleep(20_000); throw new IOException("never"); }),
            new DirectorySource("g", good),
        ]);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), $"took {sw.Elapsed}");
        Assert.True(r.Disks[0].TimedOut);
        Assert.Contains(r.Diagnostics, d => d.File == "/dev/hung" && d.Message.Contains("no answer"));
        Assert.Equal("Good", Assert.Single(r.Entries).Title);
    }

    private sealed class HangingParser(string device) : IBootConfigParser
    {
        public string Name => "hanging";

        public ConfigParseResult Parse(IFileTree tree, IReadOnlyList<IFileTree> volumes)
        {
            if (tree.Identity.Device == device)
                Thread.Sleep(20_000);
            return new ConfigParseResult();
        }
    }

    [Fact]
    public void DiskWhoseConfigsNeverFinishIsSkippedAfterTheDeadline()
    {
        var good = Tree("g2", ("/boot/grub/grub.cfg", "menuentry 'Good' { linux /k }\n"), ("/k", "K"));
        var slow = Tree("slow", ("/boot/grub/grub.cfg", "menuentry 'Never' { linux /k }\n"), ("/k", "K"));
        var sw = Stopwatch.StartNew();
        var r = new DiscoveryEngine(TimeSpan.FromMilliseconds(300), [new HangingParser("slow"), new LinuxBootSharp.BootConfig.Grub.GrubParser()])
            .Run([new DirectorySource("slow", slow), new DirectorySource("g2", good)]);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), $"took {sw.Elapsed}");
        Assert.Contains(r.Diagnostics, d => d.File == "slow" && d.Message.Contains("reading configs took longer"));
        Assert.Equal("Good", Assert.Single(r.Entries).Title);
    }

    /// <summary>On "ok", waits long enough for the other disk's thread to get stuck first.</summary>
    private sealed class LetOthersGoFirst : IBootConfigParser
    {
        public string Name => "pause";

        public ConfigParseResult Parse(IFileTree tree, IReadOnlyList<IFileTree> volumes)
        {
            if (tree.Identity.Device == "ok")
                Thread.Sleep(300);
            return new ConfigParseResult();
        }
    }

    [Fact]
    public void DiskStuckInAReadDoesNotTakeDownADiskThatSearchesIt()
    {
        // "stuck": reading its grub.cfg blocks inside the disk's lock until the test lets it go,
        // as a read on a dying disk blocks in the kernel. "ok": its grub.cfg runs
        // `search --file`, which looks at every file system, the stuck one included.
        using var release = new ManualResetEventSlim();
        var stuckTree = new InMemoryFileTree(new FileSystemIdentity { Type = "mem", Device = "stuck" })
            .AddFile("/k", "K").AddFile("/boot/grub/grub.cfg", "menuentry 'Never' { linux /k }\n");
        var ok = Tree("ok", ("/boot/grub/grub.cfg", "search --no-floppy --file --set=root /marker\nmenuentry 'Fine' { linux /k }\n"), ("/marker", "m"), ("/k", "K"));
        try
        {
            var sw = Stopwatch.StartNew();
            var r = new DiscoveryEngine(TimeSpan.FromSeconds(2), [new LetOthersGoFirst(), new LinuxBootSharp.BootConfig.Grub.GrubParser()])
                .Run([new TreeSource("stuck", _ => new StallingTree(stuckTree, "/boot/grub/grub.cfg", release)), new DirectorySource("ok", ok)]);
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), $"took {sw.Elapsed}");
            var fine = Assert.Single(r.Entries);
            Assert.Equal("Fine", fine.Title);
            Assert.Equal("ok", fine.Kernel?.Tree.Identity.Device);
            Assert.Contains(r.Diagnostics, d => d.File == "stuck" && d.Message.Contains("reading configs took longer"));
        }
        finally
        {
            // Let the stuck reader go.
            release.Set();
        }
    }

    /// <summary>A tree whose open of one file blocks until released: a disk stuck in a read.</summary>
    private sealed class StallingTree(IFileTree inner, string stallPath, ManualResetEventSlim release) : IFileTree
    {
        public FileSystemIdentity Identity => inner.Identity;
        public FileStat? TryStat(string path) => inner.TryStat(path);
        public FileStat? TryLStat(string path) => inner.TryLStat(path);
        public IReadOnlyList<DirectoryEntry> ListDirectory(string path) => inner.ListDirectory(path);
        public string ReadLink(string path) => inner.ReadLink(path);

        public Stream OpenRead(string path)
        {
            if (path == stallPath)
                release.Wait();
            return inner.OpenRead(path);
        }
    }

    [Fact]
    public void UnreadableDiskNamesItselfAndOthersStillCount()
    {
        var good = Tree("h", ("/boot/grub/grub.cfg", "menuentry 'Fine' { linux /k }\n"), ("/k", "K"));
        var r = Run(
            new BlockDiskSource("/dev/broken", () => throw new StorageException("/dev/broken: read error at byte 0")),
            new DirectorySource("h", good));
        Assert.Contains(r.Diagnostics, d => d.File == "/dev/broken" && d.Message.Contains("read error"));
        Assert.Equal("Fine", Assert.Single(r.Entries).Title);
    }

    private sealed class ThrowingParser : IBootConfigParser
    {
        public string Name => "broken";
        public ConfigParseResult Parse(IFileTree tree, IReadOnlyList<IFileTree> volumes) => throw new InvalidOperationException("bug");
    }

    [Fact]
    public void ParserThatThrowsBecomesADiagnostic()
    {
        var t = Tree("p", ("/x", "y"));
        var r = new DiscoveryEngine(TimeSpan.FromSeconds(2), [new ThrowingParser()]).Run([new DirectorySource("p", t)]);
        Assert.Contains(r.Diagnostics, d => d.Message.Contains("broken parser failed") && d.Message.Contains("bug"));
    }

    [Fact]
    public void MenuItemsKeepSubmenusAndDetails()
    {
        var a = Tree("s",
            ("/boot/grub/grub.cfg", "menuentry 'Top' { linux /k a=1 }\nsubmenu 'More' { menuentry 'Inner' { linux /k b=2; initrd /i } }\nmenuentry 'Last' { linux /k c=3 }\n"),
            ("/k", "KERNEL"), ("/i", "INITRD"));
        var r = Run(new DirectorySource("s", a));
        var items = EntryMenuItems.Build(r);
        Assert.Equal(["Top", "More", "Last"], items.Select(i => i.Title));
        var inner = Assert.Single(items[1].Children);
        Assert.Equal("Inner", inner.Title);
        Assert.Contains(inner.Details, d => d == "cmdline: b=2");
        Assert.Contains(inner.Details, d => d.StartsWith("initrd: /i (6 bytes)", StringComparison.Ordinal));
        Assert.Contains(inner.Details, d => d.StartsWith("source: grub s:/boot/grub/grub.cfg:2", StringComparison.Ordinal));
        Assert.True(items[0].IsDefault);
        // Ids survive a rescan.
        Assert.Equal(items.Select(i => i.Id), EntryMenuItems.Build(Run(new DirectorySource("s", a))).Select(i => i.Id));
    }

    [Fact]
    public void GrubEntriesBootWithBootImageFirstAsGrubDoes()
    {
        var a = Tree("bi", ("/boot/grub/grub.cfg", "menuentry 'D' { linux /vmlinuz-6 root=/dev/sda1 ro }\n"), ("/vmlinuz-6", "K"));
        var e = Assert.Single(Run(new DirectorySource("bi", a)).Entries);
        var board = new LinuxBootSharp.Boards.BoardProfile { Name = "t" };
        Assert.Equal("BOOT_IMAGE=/vmlinuz-6 root=/dev/sda1 ro", EntryBoot.ToRequest(e, null, board).Cmdline);
        Assert.Equal("BOOT_IMAGE=/vmlinuz-6 edited=1", EntryBoot.ToRequest(e, "edited=1", board).Cmdline);
    }

    [Fact]
    public void EntryBootPrependsTheParsersPrefixWhateverTheSource()
    {
        // Boot knows no loader's rule: a prefix from any parser goes in front, an edited line
        // replaces only the arguments.
        var e = new BootEntry { Title = "t", Source = "bls", SourceFile = "x", Kernel = new FileRef(new InMemoryFileTree(new FileSystemIdentity { Type = "t", Device = "d" }), "/k"), Cmdline = "a=1", CmdlinePrefix = "P=1" };
        var board = new LinuxBootSharp.Boards.BoardProfile { Name = "t" };
        Assert.Equal("P=1 a=1", EntryBoot.ToRequest(e, null, board).Cmdline);
        Assert.Equal("P=1 b=2", EntryBoot.ToRequest(e, "b=2", board).Cmdline);
        e.CmdlinePrefix = null;
        Assert.Equal("b=2", EntryBoot.ToRequest(e, "b=2", board).Cmdline);
    }
}
