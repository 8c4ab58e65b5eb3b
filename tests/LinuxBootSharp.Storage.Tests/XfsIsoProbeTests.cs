using LinuxBootSharp.Storage.FileSystems.Iso9660;
using LinuxBootSharp.Storage.FileSystems.Xfs;

namespace LinuxBootSharp.Storage.Tests;

/// <summary>XFS and ISO9660 as the rest of the system meets them: through the probe table and the disk scanner.</summary>
public sealed class XfsIsoProbeTests
{
    /// <summary>A GPT disk whose second partition holds the v5 XFS image: RHEL's /boot layout.</summary>
    private static string GptDiskWithXfs()
    {
        var xfsFolder = XfsTestImages.Build(XfsTestImages.Geometry("v5-b4k"));
        return ImageTools.Cached("xfs-on-gpt", "gpt p1 8M ef00, p2 xfs\n" + xfsFolder, dir =>
        {
            var xfs = Path.Combine(xfsFolder, "image.img");
            long xfsBytes = new FileInfo(xfs).Length;
            var disk = Path.Combine(dir, "disk.img");
            using (var f = File.Create(disk))
                f.SetLength(xfsBytes + (16L << 20));
            ImageTools.Run("sgdisk", ["-n", "1:2048:+8M", "-t", "1:ef00", "-n", $"2:0:+{xfsBytes / 1024}K", "-t", "2:8300", "-c", "2:boot", disk]);
            var info = ImageTools.Run("sgdisk", ["-i", "2", disk]);
            long first = long.Parse(System.Text.RegularExpressions.Regex.Match(info, @"First sector: (\d+)").Groups[1].Value);
            using var src = File.OpenRead(xfs);
            using var dst = new FileStream(disk, FileMode.Open, FileAccess.Write);
            dst.Position = first * 512;
            src.CopyTo(dst);
            return disk;
        });
    }

    [Fact]
    public void ProbeTableOpensXfsAndIso()
    {
        using var xfs = new ImageFileReader(Path.Combine(XfsTestImages.Build(XfsTestImages.Geometry("v4-b4k")), "image.img"));
        var tree = FileSystemProbe.Open(xfs);
        Assert.IsType<XfsFileTree>(tree);
        Assert.Equal("xfs", tree.Identity.Type);
        Assert.Equal("XFS-V4", tree.Identity.Label);
        Assert.Equal("hello from xfs\n", tree.ReadAllText("/hello.txt"));

        using var iso = new ImageFileReader(IsoTestImages.ImageOf(IsoTestImages.RockRidgeJoliet()));
        var cd = FileSystemProbe.Open(iso);
        Assert.IsType<Iso9660FileTree>(cd);
        Assert.Equal("iso9660", cd.Identity.Type);
        Assert.Equal(IsoTestImages.ExpectedUuid, cd.Identity.Uuid);
    }

    [Fact]
    public void ScannerFindsXfsInAGptPartition()
    {
        var disk = Path.Combine(GptDiskWithXfs(), "disk.img");
        using var reader = new ImageFileReader(disk);
        var result = DiskScanner.Scan(reader, 0);
        var vol = Assert.Single(result.Volumes, v => v.Identity.Type == "xfs");
        Assert.Null(vol.Problem);
        Assert.Equal("hd0,gpt2", vol.Identity.GrubDevice);
        Assert.Equal("XFS-V5-4K", vol.Identity.Label);
        var xfsFolder = XfsTestImages.Build(XfsTestImages.Geometry("v5-b4k"));
        Assert.Equal(ImageTools.Blkid(Path.Combine(xfsFolder, "image.img"))["UUID"], vol.Identity.Uuid);
        XfsTestImages.Expected(xfsFolder, XfsTestImages.Geometry("v5-b4k")).AssertMatches(vol.Tree!);
    }

    [Fact]
    public void ScannerSeesAHybridIsoAsACdAndItsEfiPartition()
    {
        var img = IsoTestImages.ImageOf(IsoTestImages.Hybrid());
        using var reader = new ImageFileReader(img);
        var result = DiskScanner.Scan(reader, 3);
        var cd = Assert.Single(result.Volumes, v => v.Identity.Type == "iso9660");
        Assert.Equal("HYBRID", cd.Identity.Label);
        Assert.Equal("hd3", cd.Identity.GrubDevice);
        Assert.Equal("set timeout=5\nmenuentry 'Live' {\n  linux /boot/vmlinuz-6.1.0-18-amd64 boot=live\n}\n", cd.Tree!.ReadAllText("/boot/grub/grub.cfg"));
        Assert.Contains(result.Volumes, v => v.Identity.Type == "vfat" && v.Identity.PartitionNumber == 2);
    }
}
