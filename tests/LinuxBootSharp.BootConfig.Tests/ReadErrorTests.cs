using LinuxBootSharp.BootConfig.Syslinux;
using LinuxBootSharp.Storage;
using static LinuxBootSharp.BootConfig.Tests.GrubTestSupport;

namespace LinuxBootSharp.BootConfig.Tests;

/// <summary>
/// A file system that fails to answer is not one where the file is missing: the parsers treat
/// the file as absent (as GRUB and syslinux do when open fails) and say why.
/// </summary>
public sealed class ReadErrorTests
{
    /// <summary>An in-memory tree whose stat of <paramref name="broken"/> fails as a corrupt inode would.</summary>
    private sealed class BrokenTree(InMemoryFileTree inner, string broken) : IFileTree
    {
        public FileSystemIdentity Identity => inner.Identity;

        private void Check(string path)
        {
            if (path == broken)
                InvalidDiskFormatException.Throw("ext4", inner.Identity.Device, 123_456, "inode 12: bad extent header");
        }

        public FileStat? TryStat(string path)
        {
            Check(path);
            return inner.TryStat(path);
        }

        public FileStat? TryLStat(string path)
        {
            Check(path);
            return inner.TryLStat(path);
        }

        public IReadOnlyList<DirectoryEntry> ListDirectory(string path) => inner.ListDirectory(path);
        public Stream OpenRead(string path) => inner.OpenRead(path);
        public string ReadLink(string path) => inner.ReadLink(path);
    }

    private const string Expected = "cannot read '/vmlinuz' on /dev/vda2 (ext4): /dev/vda2: ext4 at byte 123456: inode 12: bad extent header; treated as missing";

    private static (InMemoryFileTree Inner, BrokenTree Tree) Disk()
    {
        var inner = Volume("/dev/vda2", disk: 0, part: 2);
        inner.AddFile("/vmlinuz", "k");
        return (inner, new BrokenTree(inner, "/vmlinuz"));
    }

    [Fact]
    public void Grub_linux_on_an_unreadable_kernel_reports_the_read_error_on_the_entry()
    {
        var (inner, tree) = Disk();
        inner.AddFile("/boot/grub/grub.cfg", "menuentry x { linux /vmlinuz quiet }");
        var e = Assert.Single(new Grub.GrubParser().Parse(tree, [tree]).Entries);
        Assert.Contains(e.Diagnostics, d => d.Severity == Severity.Warning && d.Message == Expected && d.Line == 1);
        Assert.Contains(e.Diagnostics, d => d.Message.Contains("file '/vmlinuz' not found", StringComparison.Ordinal));
    }

    [Fact]
    public void Grub_test_treats_an_unreadable_file_as_absent_and_says_so()
    {
        var (inner, tree) = Disk();
        inner.AddFile("/boot/grub/grub.cfg", "if [ -f /vmlinuz ]; then echo yes; else echo no; fi\nsearch --file --set=found /vmlinuz\necho \"[$found]\"");
        var ev = new Grub.GrubParser().Evaluate(tree, [tree], "/boot/grub/grub.cfg");
        Assert.Equal("no\n[]", Echoed(ev));
        // Reported once, at the first command that met it.
        var d = Assert.Single(ev.Result.Diagnostics, d => d.Message == Expected);
        Assert.Equal(Severity.Warning, d.Severity);
        Assert.Equal(1, d.Line);
    }

    [Fact]
    public void Grub_config_lookup_reports_a_read_error_instead_of_finding_nothing_silently()
    {
        var inner = Volume("/dev/vda2", disk: 0, part: 2);
        inner.AddFile("/boot/grub/grub.cfg", "menuentry x { linux /k }");
        var tree = new BrokenTree(inner, "/boot/grub/grub.cfg");
        var r = new Grub.GrubParser().Parse(tree, [tree]);
        Assert.Empty(r.Entries);
        Assert.Contains(r.Diagnostics, d => d.Severity == Severity.Warning && d.Message.StartsWith("cannot read '/boot/grub/grub.cfg' on /dev/vda2 (ext4): ", StringComparison.Ordinal));
    }

    [Fact]
    public void Syslinux_implicit_default_on_an_unreadable_kernel_is_reported()
    {
        var (inner, tree) = Disk();
        inner.AddFile("/syslinux.cfg", "DEFAULT vmlinuz root=/dev/sda1\n");
        var r = new SyslinuxParser().Parse(tree, [tree]);
        Assert.Empty(r.Entries);
        Assert.Contains(r.Diagnostics, d => d.Severity == Severity.Warning && d.Message.Contains("cannot read '/vmlinuz' on /dev/vda2 (ext4)", StringComparison.Ordinal)
            && d.Message.Contains("bad extent header", StringComparison.Ordinal) && d.Line == 1);
    }
}
