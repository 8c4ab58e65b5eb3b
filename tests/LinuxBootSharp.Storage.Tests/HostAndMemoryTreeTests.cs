using LinuxBootSharp.Storage;

namespace LinuxBootSharp.Storage.Tests;

/// <summary>The host-directory and in-memory trees share NodeFileTree's walk: links stay inside, loops end.</summary>
public sealed class HostAndMemoryTreeTests
{
    [Fact]
    public void DirectoryTreeResolvesAbsoluteLinksInsideItsRoot()
    {
        var d = Directory.CreateTempSubdirectory("lbs-dirtree-");
        try
        {
            Directory.CreateDirectory(Path.Combine(d.FullName, "boot"));
            File.WriteAllText(Path.Combine(d.FullName, "boot", "vmlinuz-6"), "K");
            File.CreateSymbolicLink(Path.Combine(d.FullName, "vmlinuz"), "/boot/vmlinuz-6");
            File.CreateSymbolicLink(Path.Combine(d.FullName, "etc-passwd"), "/../../../../etc/passwd");
            File.CreateSymbolicLink(Path.Combine(d.FullName, "loop"), "loop");
            var t = new DirectoryFileTree(d.FullName);
            Assert.Equal(FileKind.File, t.TryStat("/vmlinuz")!.Value.Kind);
            Assert.Equal(FileKind.Symlink, t.TryLStat("/vmlinuz")!.Value.Kind);
            Assert.Equal("/boot/vmlinuz-6", t.ReadLink("/vmlinuz"));
            Assert.Null(t.TryStat("/etc-passwd"));
            var e = Assert.Throws<FileTreeException>(() => t.TryStat("/loop"));
            Assert.Contains("too many levels of symbolic links", e.Message);
            Assert.Equal(["boot", "etc-passwd", "loop", "vmlinuz"], t.ListDirectory("/").Select(x => x.Name));
        }
        finally
        {
            d.Delete(true);
        }
    }

    [Fact]
    public void MemoryTreeImpliesDirectoriesAndFollowsLinks()
    {
        var t = new InMemoryFileTree()
            .AddFile("/boot/grub/grub.cfg", "set default=0")
            .AddSymlink("/grub", "boot/grub");
        Assert.True(t.DirectoryExists("/boot"));
        Assert.Equal("set default=0", t.ReadAllText("/grub/grub.cfg"));
        Assert.Equal(["boot", "grub"], t.ListDirectory("/").Select(x => x.Name));
        Assert.Throws<FileTreeException>(() => t.OpenRead("/boot"));
        Assert.Null(t.TryStat("/boot/grub/grub.cfg/x"));
    }
}
