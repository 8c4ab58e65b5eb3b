using LinuxBootSharp.Initramfs;
using LinuxBootSharp.Tests.Shared;

namespace LinuxBootSharp.Initramfs.Tests;

/// <summary>modprobe.d(5) blacklists, applied at build time (see ModuleBlacklist for why).</summary>
public sealed class ModuleBlacklistTests : IDisposable
{
    private readonly DirectoryInfo _tmp = Directory.CreateTempSubdirectory("lbs-blacklist-");

    public void Dispose() => _tmp.Delete(true);

    private static string Modules()
    {
        var v = Path.Combine(RepoPaths.Build, "kernel", ".version");
        return File.Exists(v)
            ? Path.Combine(RepoPaths.Build, "kernel", "lib", "modules", File.ReadAllText(v).Trim())
            : throw new InvalidOperationException("build/kernel is missing: run `make kernel`");
    }

    [Fact]
    public void ParsesBlacklistLinesCommentsAndContinuations()
    {
        var b = new ModuleBlacklist().Parse(
            "# comment\n" +
            "\n" +
            "options snd_hda_intel power_save=1\n" +
            "blacklist \\\n  pcspkr\n" +
            "blacklist nvme-core\n", "/etc/modprobe.d/x.conf");
        Assert.Equal("module pcspkr blacklisted by /etc/modprobe.d/x.conf line 4", b.Find("pcspkr")!.ToString());
        Assert.Equal(6, b.Find("nvme_core")!.Line); // '-' and '_' are the same module name
        Assert.Null(b.Find("snd_hda_intel"));
    }

    [Theory]
    [InlineData("blacklist\n", 1, "blacklist takes one module name")]
    [InlineData("# ok\nblacklist a b\n", 2, "blacklist takes one module name")]
    [InlineData("\nblaclist pcspkr\n", 2, "unknown modprobe.d command 'blaclist'")]
    public void BadLinesNameFileAndLine(string text, int line, string message)
    {
        var e = Assert.Throws<LayoutFormatException>(() => new ModuleBlacklist().Parse(text, "/etc/modprobe.d/x.conf"));
        Assert.StartsWith($"/etc/modprobe.d/x.conf:{line}: ", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void ReadsOnlyConfFilesOfTheModprobeFoldersAndTheBoardsOverlay()
    {
        File.WriteAllText(Path.Combine(_tmp.FullName, "base.list"), "file /init @lbs 0755 0 0\n");
        Directory.CreateDirectory(Path.Combine(_tmp.FullName, "base/etc/modprobe.d"));
        File.WriteAllText(Path.Combine(_tmp.FullName, "base/etc/modprobe.d/base.conf"), "# nothing\n");
        File.WriteAllText(Path.Combine(_tmp.FullName, "base/etc/modprobe.d/notes.txt"), "blacklist ignored_not_conf\n");
        Directory.CreateDirectory(Path.Combine(_tmp.FullName, "boards/b1/etc/modprobe.d"));
        File.WriteAllText(Path.Combine(_tmp.FullName, "boards/b1/etc/modprobe.d/b1.conf"), "\nblacklist sr_mod\n");
        var b = ModuleBlacklist.FromLayout(InitramfsLayout.Load(_tmp.FullName, "b1"));
        Assert.Equal(["module sr_mod blacklisted by /etc/modprobe.d/b1.conf line 2"], b.Entries.Select(e => e.ToString()));
        Assert.Empty(ModuleBlacklist.FromLayout(InitramfsLayout.Load(_tmp.FullName, null)).Entries);
    }

    [Fact]
    public void BlacklistedModuleIsLeftOutOfTheImage()
    {
        var b = new ModuleBlacklist().Parse("blacklist sr_mod\n", "/etc/modprobe.d/b.conf");
        var files = new ModuleResolver(Modules()).Resolve(["virtio_blk", "sr_mod"], b, out var skipped);
        var names = files.Select(f => KernelModuleInfo.NormalizeName(Path.GetFileName(f).Split('.')[0])).ToList();
        Assert.Contains("virtio_blk", names);
        Assert.DoesNotContain("sr_mod", names);
        Assert.DoesNotContain("cdrom", names); // only sr_mod needed it
        Assert.Equal("module sr_mod blacklisted by /etc/modprobe.d/b.conf line 1", Assert.Single(skipped).ToString());
    }

    [Fact]
    public void KeptModuleNeedingABlacklistedOneIsAnError()
    {
        var b = new ModuleBlacklist().Parse("blacklist libata\n", "/etc/modprobe.d/b.conf");
        var e = Assert.Throws<InvalidDataException>(() => new ModuleResolver(Modules()).Resolve(["ahci"], b, out _));
        Assert.Contains("needs libata", e.Message);
        Assert.Contains("/etc/modprobe.d/b.conf line 1", e.Message);
    }
}
