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
    public void DefaultComesFirstThenDiskOrder()
    {
        var a = Tree("a", ("/loader/entries/x.conf", "title X\nlinux /vmlinuz\noptions x=1\n"), ("/vmlinuz", "K"));
        var b = Tree("b",
            ("/boot/grub/grub.cfg", "set default=1\nset timeout=7\nmenuentry 'One' { linux /k1 one }\nmenuentry 'Two' { linux /k2 two }\n"),
            ("/k1", "K"), ("/k2", "K"));
        // GRUB on the first disk says entry 1: "Two" is the machine default and moves to the
        // front; the rest keep disk and config order.
        var r = Run(new DirectorySource("b", b), new DirectorySource("a", a));
        Assert.Equal(["Two", "One", "X"], r.Entries.Select(e => e.Title));
        Assert.Same(r.Default, r.Entries[0]);
        Assert.Equal(1, r.Entries.Count(e => e.IsDefault));
        Assert.Equal(TimeSpan.FromSeconds(7), r.Timeout);

        // With the BLS disk first, its default (systemd-boot: the first entry when loader.conf
        // names none) is the machine's: the first disk decides, as firmware booting it would.
        var r2 = Run(new DirectorySource("a", a), new DirectorySource("b", b));
        Assert.Equal(["X", "One", "Two"], r2.Entries.Select(e => e.Title));
        Assert.True(r2.Entries[0].IsDefault);
        Assert.False(r2.Entries[2].IsDefault);
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
