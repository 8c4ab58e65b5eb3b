using System.Text;
using LinuxBootSharp.Initramfs;
using LinuxBootSharp.Tests.Shared;

namespace LinuxBootSharp.Initramfs.Tests;

/// <summary>The layout folder: the repository's own initramfs/, and overlays in scratch layouts.</summary>
public sealed class LayoutTests : IDisposable
{
    private const uint TypeChar = 0x2000, TypeDir = 0x4000, TypeFile = 0x8000, TypeLink = 0xA000;
    private static readonly byte[] FakeLbs = Encoding.ASCII.GetBytes("\u007fELF fake lbs");
    private readonly DirectoryInfo _tmp = Directory.CreateTempSubdirectory("lbs-layout-");

    public void Dispose() => _tmp.Delete(true);

    private static string RepoLayout => Path.Combine(RepoPaths.Root, "initramfs");

    private static Dictionary<string, CpioMember> Image(InitramfsLayout layout, ModuleSet? modules = null, uint mtime = 1700000000)
    {
        var b = new InitramfsBuilder();
        b.AddLayout(layout, new LayoutInputs(FakeLbs, modules));
        return CpioReader.Read(b.ToArray(mtime)).ToDictionary(m => m.Name);
    }

    private string Write(string rel, string text)
    {
        var p = Path.Combine(_tmp.FullName, rel);
        Directory.CreateDirectory(Path.GetDirectoryName(p)!);
        File.WriteAllText(p, text);
        return p;
    }

    /// <summary>A scratch layout: a minimal base list plus whatever the test adds.</summary>
    private void MinimalBase(string extra = "") =>
        Write("base.list", "file /init @lbs 0755 0 0\ndir /etc 0755 0 0\nnod /dev/console 0600 0 0 c 5 1\n" + extra);

    [Fact]
    public void RepoLayoutHasConsoleAndUrandomBeforeDevtmpfs()
    {
        var m = Image(InitramfsLayout.Load(RepoLayout, "qemu-x86_64"));
        Assert.Equal((TypeChar | 0x180u, 5u, 1u), (m["dev/console"].Mode, m["dev/console"].RdevMajor, m["dev/console"].RdevMinor));
        Assert.Equal((TypeChar | 0x1B6u, 1u, 9u), (m["dev/urandom"].Mode, m["dev/urandom"].RdevMajor, m["dev/urandom"].RdevMinor));
        Assert.Equal(TypeFile | 0x1EDu, m["init"].Mode);
        Assert.Equal(FakeLbs, m["init"].Data);
        foreach (var d in new[] { "dev", "proc", "sys", "run", "etc", "etc/modprobe.d", "lib/modules" })
            Assert.Equal(TypeDir, m[d].Type);
        Assert.All(m.Values, v => Assert.Equal((0u, 0u, 1700000000u), (v.Uid, v.Gid, v.Mtime)));
    }

    [Fact]
    public void DeviceNumbersComeFromTheList()
    {
        Write("base.list", "file /init @lbs 0755 0 0\nnod /dev/console 0620 0 5 c 4 64\n");
        var m = Image(InitramfsLayout.Load(_tmp.FullName, null));
        Assert.Equal((TypeChar | 0x190u, 4u, 64u, 5u), (m["dev/console"].Mode, m["dev/console"].RdevMajor, m["dev/console"].RdevMinor, m["dev/console"].Gid));
        Assert.False(m.ContainsKey("dev/urandom"));
        Assert.Equal(TypeDir | 0x1EDu, m["dev"].Mode); // implied parent
    }

    [Fact]
    public void OsReleaseNamesTheFirmwareImage()
    {
        var m = Image(InitramfsLayout.Load(RepoLayout, null));
        var fields = m["etc/os-release"].Text.Split('\n').Where(l => l.Contains('=') && !l.StartsWith('#')).ToDictionary(l => l[..l.IndexOf('=')], l => l[(l.IndexOf('=') + 1)..]);
        Assert.Equal("LinuxBootSharp", fields["NAME"]);
        Assert.Equal("linuxbootsharp", fields["ID"]);
        Assert.Matches(@"^[0-9a-z._~-]+$", fields["VERSION_ID"]); // os-release(5): no spaces, lower case
        Assert.Equal(TypeFile | 0x1A4u, m["etc/os-release"].Mode);
        Assert.Empty(ModuleBlacklist.FromLayout(InitramfsLayout.Load(RepoLayout, null)).Entries);
        Assert.True(m.ContainsKey("etc/modprobe.d/blacklist.conf"));
    }

    [Fact]
    public void BoardOverlayOverridesAndAdds()
    {
        MinimalBase("file /etc/motd base/motd 0600 0 0\n");
        Write("base/etc/shared", "base version\n");
        Write("base/motd", "base motd\n");
        Write("boards/b1/etc/shared", "board version\n");
        Write("boards/b1/etc/only-board", "new\n");
        Write("boards/b1.list", "slink /bin/sh /init 0777 0 0\nfile /etc/motd b1/etc/only-board 0644 0 0\n");
        var layout = InitramfsLayout.Load(_tmp.FullName, "b1");
        Assert.True(layout.HasBoardOverlay);
        var m = Image(layout);
        Assert.Equal("board version\n", m["etc/shared"].Text);
        Assert.Equal("new\n", m["etc/only-board"].Text);
        Assert.Equal((TypeFile | 0x1A4u, "new\n"), (m["etc/motd"].Mode, m["etc/motd"].Text));
        Assert.Equal((TypeLink, "/init"), (m["bin/sh"].Type, m["bin/sh"].Text));
        Assert.Equal(FakeLbs, m["init"].Data);
        // Every replacement of a base member is reported; additions are not overrides.
        Assert.Equal(["etc/motd", "etc/shared"], layout.Overrides.Select(o => o.Path).Order(StringComparer.Ordinal));
        var motd = layout.Overrides.Single(o => o.Path == "etc/motd");
        Assert.EndsWith("base.list:4", motd.Base);
        Assert.EndsWith("boards/b1.list:2", motd.Board);

        // Another board, or none, sees only the base.
        var other = Image(InitramfsLayout.Load(_tmp.FullName, "b2"));
        Assert.Equal("base version\n", other["etc/shared"].Text);
        Assert.False(other.ContainsKey("etc/only-board"));
        Assert.Equal(["b1"], InitramfsLayout.OverlayNames(_tmp.FullName));
    }

    [Fact]
    public void TreeFileModeFollowsTheExecutableBitOrTheList()
    {
        MinimalBase("file /etc/secret base/etc/secret 0600 0 0\n");
        var tool = Write("base/bin/tool", "#!/bin/sh\n");
        File.SetUnixFileMode(tool, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Write("base/etc/secret", "s");
        Write("base/etc/plain", "p");
        var m = Image(InitramfsLayout.Load(_tmp.FullName, null));
        Assert.Equal(TypeFile | 0x1EDu, m["bin/tool"].Mode);
        Assert.Equal(TypeFile | 0x180u, m["etc/secret"].Mode);
        Assert.Equal(TypeFile | 0x1A4u, m["etc/plain"].Mode);
    }

    [Fact]
    public void OverlayCannotPutAMemberBelowAFile()
    {
        MinimalBase("file /etc/conf base/c 0644 0 0\n");
        Write("base/c", "c");
        Write("boards/b1.list", "dir /etc/conf/sub 0755 0 0\n");
        var e = Assert.Throws<LayoutFormatException>(() => InitramfsLayout.Load(_tmp.FullName, "b1"));
        Assert.Contains("boards/b1.list:1: /etc/conf/sub lies below /etc/conf", e.Message);
    }

    [Fact]
    public void ReplacingInitWithoutLbsIsAnError()
    {
        MinimalBase();
        Write("boards/b1/init", "#!/bin/sh\n");
        var e = Assert.Throws<LayoutFormatException>(() => InitramfsLayout.Load(_tmp.FullName, "b1"));
        Assert.Contains("no member takes @lbs", e.Message);
    }

    [Fact]
    public void PlaceholderPlacedTwiceIsAnError()
    {
        MinimalBase("file /sbin/init @lbs 0755 0 0\n");
        var e = Assert.Throws<LayoutFormatException>(() => InitramfsLayout.Load(_tmp.FullName, null));
        Assert.Contains("@lbs is placed twice", e.Message);
    }

    [Fact]
    public void SymlinkInATreeIsRefused()
    {
        MinimalBase();
        Directory.CreateDirectory(Path.Combine(_tmp.FullName, "base"));
        File.CreateSymbolicLink(Path.Combine(_tmp.FullName, "base", "link"), "/init");
        var e = Assert.Throws<LayoutFormatException>(() => InitramfsLayout.Load(_tmp.FullName, null));
        Assert.Contains("slink line", e.Message);
    }

    [Fact]
    public void ModulesGoWhereTheListSaysWithTheLoadOrder()
    {
        MinimalBase("file /usr/lib/modules @modules 0600 0 0\nfile /etc/load-order @module-load-list 0644 0 0\n");
        var kdir = Path.Combine(_tmp.FullName, "kernel", "6.1.0-test");
        Directory.CreateDirectory(Path.Combine(kdir, "kernel", "drivers"));
        File.WriteAllText(Path.Combine(kdir, "kernel", "drivers", "b.ko"), "B");
        File.WriteAllText(Path.Combine(kdir, "kernel", "drivers", "a.ko"), "A");
        var layout = InitramfsLayout.Load(_tmp.FullName, null);
        var m = Image(layout, new ModuleSet(kdir, [Path.Combine(kdir, "kernel", "drivers", "b.ko"), Path.Combine(kdir, "kernel", "drivers", "a.ko")]));
        Assert.Equal((TypeFile | 0x180u, "B"), (m["usr/lib/modules/6.1.0-test/kernel/drivers/b.ko"].Mode, m["usr/lib/modules/6.1.0-test/kernel/drivers/b.ko"].Text));
        Assert.Equal("/usr/lib/modules/6.1.0-test/kernel/drivers/b.ko\n/usr/lib/modules/6.1.0-test/kernel/drivers/a.ko\n", m["etc/load-order"].Text);
        // Without modules (the userland image) neither placeholder adds a file; the folder stays.
        var bare = Image(layout);
        Assert.False(bare.ContainsKey("etc/load-order"));
        Assert.Equal(TypeDir, bare["usr/lib/modules"].Type);
    }

    [Fact]
    public void ModulesWithoutAPlaceholderAreAnError()
    {
        MinimalBase();
        var layout = InitramfsLayout.Load(_tmp.FullName, null);
        var e = Assert.Throws<InvalidDataException>(() => new InitramfsBuilder().AddLayout(layout, new LayoutInputs(FakeLbs, new ModuleSet(_tmp.FullName, []))));
        Assert.Contains("@modules", e.Message);
    }

    [Fact]
    public void TwoBuildsOfTheRepoLayoutAreByteIdentical()
    {
        byte[] Build(uint mtime)
        {
            var b = new InitramfsBuilder();
            b.AddLayout(InitramfsLayout.Load(RepoLayout, "qemu-x86_64"), new LayoutInputs(FakeLbs, null));
            return b.ToArray(mtime);
        }
        Assert.Equal(Build(1700000000), Build(1700000000));
        Assert.NotEqual(Build(1700000000), Build(1700000001));
        // Sorted: every member follows its parent folder.
        var names = CpioReader.Read(Build(0)).Select(m => m.Name).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
    }
}
