using LinuxBootSharp.Storage.Tests.Fixtures;

namespace LinuxBootSharp.Storage.Tests;

public class BlockReaderTests
{
    private static byte[] Pattern(int n) => Enumerable.Range(0, n).Select(i => (byte)(i * 7 + (i >> 8))).ToArray();

    [Fact]
    public void ImageFileReaderReadsAndRefusesReadsPastTheEnd()
    {
        var path = Path.Combine(ImageCache.Dir, $"pattern-{Guid.NewGuid():N}.bin");
        Directory.CreateDirectory(ImageCache.Dir);
        File.WriteAllBytes(path, Pattern(10_000));
        try
        {
            using var r = new ImageFileReader(path);
            Assert.Equal(10_000, r.Length);
            Assert.Equal(512, r.SectorSize);
            Assert.Equal(Pattern(10_000).AsSpan(9000, 1000).ToArray(), r.ReadBytes(9000, 1000));
            var e = Assert.Throws<InvalidDiskFormatException>(() => r.ReadBytes(9500, 1000));
            Assert.Equal($"{path}: block device at byte 9500: read of 1000 bytes beyond the end of the device (10000 bytes; truncated image?)", e.Message);
            Assert.Throws<InvalidDiskFormatException>(() => r.ReadBytes(-1, 1));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void MissingImageIsAClearError()
    {
        var e = Assert.Throws<StorageException>(() => new ImageFileReader("/nonexistent/disk.img"));
        Assert.StartsWith("/nonexistent/disk.img: cannot open", e.Message);
    }

    [Fact]
    public void BlockDeviceReaderFallsBackToTheFileLengthForRegularFiles()
    {
        // BLKGETSIZE64 on a regular file fails with ENOTTY; the reader then uses the file size,
        // which proves the ioctl path ran and its errno was decoded.
        var path = Path.Combine(ImageCache.Dir, $"dev-{Guid.NewGuid():N}.bin");
        Directory.CreateDirectory(ImageCache.Dir);
        File.WriteAllBytes(path, Pattern(4096));
        try
        {
            using var r = new BlockDeviceReader(path);
            Assert.Equal(4096, r.Length);
            Assert.Equal(Pattern(4096)[100..200], r.ReadBytes(100, 100));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void SubRangeReaderIsBoundedToItsWindow()
    {
        using var disk = new MemoryBlockReader(Pattern(8192), "disk");
        using var part = new SubRangeReader(disk, 1024, 2048, "disk:1");
        Assert.Equal(Pattern(8192)[1024..1124], part.ReadBytes(0, 100));
        var e = Assert.Throws<InvalidDiskFormatException>(() => part.ReadBytes(2000, 100));
        Assert.StartsWith("disk:1: block device at byte 2000", e.Message);
        Assert.Throws<InvalidDiskFormatException>(() => new SubRangeReader(disk, 8000, 1000, "disk:2"));
    }

    [Fact]
    public void CachedBlockReaderServesRepeatsFromMemoryAndStaysExact()
    {
        var data = Pattern(100_000);
        using var inner = new MemoryBlockReader(data, "disk");
        using var cache = new CachedBlockReader(inner, blockSize: 4096, capacity: 4);
        var rng = new Random(3);
        for (int i = 0; i < 2000; i++)
        {
            int off = rng.Next(0, data.Length - 1);
            int len = rng.Next(1, Math.Min(9000, data.Length - off));
            Assert.Equal(data.AsSpan(off, len).ToArray(), cache.ReadBytes(off, len));
        }
        long missesBefore = cache.Misses;
        cache.ReadBytes(10, 100);
        cache.ReadBytes(20, 100);
        Assert.True(cache.Misses <= missesBefore + 1);
        Assert.True(cache.Hits > 0);
        Assert.Equal(data[99_990..], cache.ReadBytes(99_990, 10)); // short last block
    }

    [Fact]
    public void BlockDevicesListsWholeDisksFromSysfs()
    {
        var root = Path.Combine(ImageCache.Dir, $"sysfs-{Guid.NewGuid():N}");
        void Attr(string dev, string rel, string value)
        {
            var p = Path.Combine(root, "class", "block", dev, rel);
            Directory.CreateDirectory(Path.GetDirectoryName(p)!);
            File.WriteAllText(p, value + "\n");
        }
        try
        {
            Attr("vda", "size", "41943040");
            Attr("vda", "removable", "0");
            Attr("vda", "serial", "VIRTIO-SERIAL");
            Attr("vda", "queue/logical_block_size", "512");
            Attr("vda1", "size", "1048576");
            Attr("vda1", "partition", "1");
            Attr("sda", "size", "2097152");
            Attr("sda", "removable", "1");
            Attr("sda", "device/model", "USB Stick       ");
            Attr("sda", "queue/logical_block_size", "4096");
            Attr("nvme0n1", "size", "1000");
            Attr("nvme0n1", "device/serial", "S4EWNX0");
            Attr("loop0", "size", "2048");
            Attr("ram0", "size", "8192");
            Attr("sr0", "size", "0"); // empty CD drive
            var disks = BlockDevices.Enumerate(sysfsRoot: root);
            Assert.Equal(["nvme0n1", "sda", "vda"], disks.Select(d => d.Name));
            var sda = disks[1];
            Assert.Equal("/dev/sda", sda.DevicePath);
            Assert.Equal(2097152L * 512, sda.SizeBytes);
            Assert.True(sda.Removable);
            Assert.Equal("USB Stick", sda.Model);
            Assert.Equal(4096, sda.LogicalSectorSize);
            Assert.Equal("VIRTIO-SERIAL", disks[2].Serial);
            Assert.False(disks[2].Removable);
            Assert.Equal("S4EWNX0", disks[0].Serial);
            Assert.Equal(["loop0", "nvme0n1", "ram0", "sda", "vda"], BlockDevices.Enumerate(true, root).Select(d => d.Name));
            Assert.Empty(BlockDevices.Enumerate(sysfsRoot: Path.Combine(root, "missing")));
        }
        finally { Directory.Delete(root, recursive: true); }
    }
}
