using System.Text;
using LinuxBootSharp.Boot.Kexec;

namespace LinuxBootSharp.Boot.Tests;

public sealed class StagedImageTests
{
    private static BootFile Mem(string name, byte[] data) => new(name, () => new MemoryStream(data, false));

    [Fact]
    public void InitrdsAreConcatenatedInOrderWithAlignment()
    {
        var k = Encoding.ASCII.GetBytes("KERNEL");
        var a = Encoding.ASCII.GetBytes("first-archive");   // 13 bytes: padded to 16
        var b = Encoding.ASCII.GetBytes("second");
        using var img = StagedImage.Stage(new BootRequest("t", Mem("k", k), [Mem("a", a), Mem("b", b)], "root=/dev/vda1"));
        var len = RandomAccess.GetLength(img.Initrd!);
        var buf = new byte[len];
        RandomAccess.Read(img.Initrd!, buf, 0);
        Assert.Equal("first-archive\0\0\0second\0\0", Encoding.ASCII.GetString(buf));
        var kb = new byte[RandomAccess.GetLength(img.Kernel)];
        RandomAccess.Read(img.Kernel, kb, 0);
        Assert.Equal(k, kb);
        Assert.Equal(["kernel", "initrd", "initrd"], img.Files.Select(f => f.Role));
        Assert.Equal(Sha256.HashHex(a), img.Files[1].Sha256);
        Assert.Equal(13, img.Files[1].Size);
    }

    [Fact]
    public void NoInitrdMeansNoInitrdHandle()
    {
        using var img = StagedImage.Stage(new BootRequest("t", Mem("k", [1, 2, 3]), [], ""));
        Assert.Null(img.Initrd);
    }

    [Fact]
    public void MissingFileIsNamed()
    {
        var e = Assert.Throws<BootLoadException>(() => StagedImage.Stage(new BootRequest("t", BootFile.FromHostPath("/nonexistent/vmlinuz"), [], "")));
        Assert.Contains("/nonexistent/vmlinuz", e.Message);
    }

    [Fact]
    public void EmptyKernelIsRefused()
    {
        var e = Assert.Throws<BootLoadException>(() => StagedImage.Stage(new BootRequest("t", Mem("empty-k", []), [], "")));
        Assert.Contains("empty-k", e.Message);
    }

    [Fact]
    public void ErrnoExplanationsNameTheCause()
    {
        Assert.Contains("not a bootable kernel", KexecFileLoader.Explain(LinuxBootSharp.Interop.Errno.ENOEXEC));
        Assert.Contains("signature", KexecFileLoader.Explain(LinuxBootSharp.Interop.Errno.EKEYREJECTED));
    }

    [Fact]
    public void UnmeasuredHostFilesGoByDescriptorWithoutHashes()
    {
        var dir = Directory.CreateTempSubdirectory("lbs-stage-");
        try
        {
            var k = Path.Combine(dir.FullName, "vmlinuz");
            var i = Path.Combine(dir.FullName, "initrd");
            File.WriteAllText(k, "KERNEL-BYTES");
            File.WriteAllText(i, "INITRD");
            using var img = StagedImage.Stage(new BootRequest("t", BootFile.FromHostPath(k), [BootFile.FromHostPath(i)], ""), measure: false);
            Assert.All(img.Files, f => Assert.Null(f.Sha256));
            Assert.Equal([12L, 6L], img.Files.Select(f => f.Size));
            var buf = new byte[6];
            RandomAccess.Read(img.Initrd!, buf, 0);
            Assert.Equal("INITRD", Encoding.ASCII.GetString(buf));
            Assert.DoesNotContain("sha256", BootPlan.Describe(img));

            // Several initrds are still concatenated into one memory file.
            using var two = StagedImage.Stage(new BootRequest("t", BootFile.FromHostPath(k), [BootFile.FromHostPath(i), BootFile.FromHostPath(k)], ""), measure: false);
            Assert.Equal(6 + 2 + 12, RandomAccess.GetLength(two.Initrd!));

            var missing = Assert.Throws<BootLoadException>(() => StagedImage.Stage(new BootRequest("t", BootFile.FromHostPath(k + ".nope"), [], ""), measure: false));
            Assert.Contains("vmlinuz.nope: no such file", missing.Message);
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
