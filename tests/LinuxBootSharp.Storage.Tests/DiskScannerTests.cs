using LinuxBootSharp.Storage.Tests.Fixtures;

namespace LinuxBootSharp.Storage.Tests;

public class DiskScannerTests
{
    [Fact]
    public void GptDiskYieldsOneIdentityPerPartitionAsBlkidSeesThem()
    {
        var disk = Images.GptDisk();
        var parts = Images.SfdiskJson(disk, 512);
        using var reader = new ImageFileReader(disk);
        var scan = DiskScanner.Scan(reader, 1);
        Assert.Empty(scan.Problems);
        Assert.Equal(4, scan.Volumes.Count);
        Assert.Equal(["vfat", "ext4", DiskScanner.UnknownType, "ext2"], scan.Volumes.Select(v => v.Identity.Type));
        foreach (var (v, i) in scan.Volumes.Select((v, i) => (v, i)))
        {
            Assert.Equal($"{disk}:{i + 1}", v.Identity.Device);
            Assert.Equal($"hd1,gpt{i + 1}", v.Identity.GrubDevice);
            Assert.Equal(parts[i].Uuid!.ToLowerInvariant(), v.Identity.PartitionUuid);
            if (v.Identity.Type == DiskScanner.UnknownType)
            {
                Assert.Null(v.Tree);
                Assert.Null(v.Problem);
                continue;
            }
            var blkid = Tool.Blkid(disk, parts[i].Start * 512);
            Assert.Equal(blkid["TYPE"], v.Identity.Type);
            Assert.Equal(blkid["UUID"], v.Identity.Uuid);
            Assert.Equal(blkid["LABEL"], v.Identity.Label);
            Assert.NotNull(v.Tree);
        }
        Assert.Equal("EFI system partition", scan.Volumes[0].Identity.PartitionLabel);
        Assert.Equal("EFI System", scan.Volumes[0].Identity.PartitionTypeName);
        Assert.Equal(SourceTree.GrubCfg, scan.Volumes[1].Tree!.ReadAllText("/boot/grub/grub.cfg"));
        Assert.Equal(SourceTree.GrubCfg, scan.Volumes[0].Tree!.ReadAllText("/BOOT/GRUB/GRUB.CFG"));
    }

    [Fact]
    public void MbrDiskNumbersLogicalPartitionsFromFive()
    {
        using var reader = new ImageFileReader(Images.MbrDisk(512));
        var scan = DiskScanner.Scan(reader, 0);
        Assert.Empty(scan.Problems);
        Assert.Equal(["hd0,msdos1", "hd0,msdos2", "hd0,msdos5", "hd0,msdos6"], scan.Volumes.Select(v => v.Identity.GrubDevice));
        Assert.Equal(["vfat", "ext3", "ext4", DiskScanner.UnknownType], scan.Volumes.Select(v => v.Identity.Type));
        Assert.Equal("fits in the inode\n", scan.Volumes[2].Tree!.ReadAllText("/small.txt"));
    }

    [Fact]
    public void UnpartitionedFileSystemIsTheWholeDisk()
    {
        var image = Images.FatImage(Images.Fat("fat12"));
        using var reader = new ImageFileReader(image);
        var scan = DiskScanner.Scan(reader, 0);
        Assert.Null(scan.PartitionTable);
        var v = Assert.Single(scan.Volumes);
        Assert.Equal("vfat", v.Identity.Type);
        Assert.Equal("hd0", v.Identity.GrubDevice);
        Assert.Equal(Tool.Blkid(image)["UUID"], v.Identity.Uuid);
    }

    [Fact]
    public void BlankDiskHasNoVolumesAndNoProblems()
    {
        var path = Path.Combine(ImageCache.Dir, "blank-1m.img");
        if (!File.Exists(path))
        {
            var tmp = path + Guid.NewGuid().ToString("N");
            ImageCache.Sparse(tmp, 1 << 20);
            File.Move(tmp, path, overwrite: true);
        }
        using var reader = new ImageFileReader(path);
        var scan = DiskScanner.Scan(reader, 0);
        Assert.Empty(scan.Volumes);
        Assert.Empty(scan.Problems);
        Assert.Null(scan.PartitionTable);
    }

    [Fact]
    public void FileSystemProbeOpensByDetection()
    {
        using var reader = new ImageFileReader(Images.ExtImage(Images.Ext("ext2-2k")));
        var tree = FileSystemProbe.Open(reader);
        Assert.Equal("ext2", tree.Identity.Type);
        Assert.Equal(Images.ExtLabel, tree.Identity.Label);
    }

    [Fact]
    public void PartitionNamesFollowTheKernel()
    {
        Assert.Equal("/dev/vda2", DiskScanner.PartitionName("/dev/vda", 2));
        Assert.Equal("/dev/nvme0n1p2", DiskScanner.PartitionName("/dev/nvme0n1", 2));
        Assert.Equal("/dev/mmcblk0p1", DiskScanner.PartitionName("/dev/mmcblk0", 1));
        Assert.Equal("disk.img:3", DiskScanner.PartitionName("disk.img", 3));
    }
}
