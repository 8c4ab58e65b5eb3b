using System.Buffers.Binary;
using LinuxBootSharp.Storage.FileSystems.Iso9660;

namespace LinuxBootSharp.Storage.Tests;

/// <summary>
/// Damaged ISO9660 images: each must end in a clear <see cref="StorageException"/> naming the
/// device and byte offset, never a hang, a crash or another exception type.
/// </summary>
public sealed class IsoCorruptInputTests
{
    private const int Pvd = 16 * 2048;
    private const int RootRecord = Pvd + 156;

    private static byte[] Image(string folder) => File.ReadAllBytes(IsoTestImages.ImageOf(folder));

    private static Iso9660FileTree Open(byte[] data) => Iso9660FileTree.Open(new TestMemoryReader("cd.iso", data));

    private static int RootDir(byte[] d) => BinaryPrimitives.ReadInt32LittleEndian(d.AsSpan(RootRecord + 2)) * 2048;

    [Fact]
    public void TruncatedBeforeTheRootDirectoryIsAClearError()
    {
        var data = Image(IsoTestImages.Plain());
        int cut = RootDir(data);
        var e = Assert.Throws<InvalidDiskFormatException>(() => Open(data[..cut]));
        Assert.Equal("cd.iso", e.Device);
        Assert.Contains("truncated image", e.Problem);
    }

    [Fact]
    public void TruncatedFileDataIsReportedWhenRead()
    {
        var data = Image(IsoTestImages.Plain());
        var fs = Open(data[..(data.Length / 2)]);
        Assert.Contains(new DirectoryEntry("readme.txt", FileKind.File), fs.ListDirectory("/"));
        var e = Assert.Throws<FileTreeException>(() => TreeWalker.WalkAll(fs));
        Assert.Contains("beyond the end of the device", e.Problem);
    }

    [Fact]
    public void NotAnIsoIsNotDetected()
    {
        var data = Image(IsoTestImages.Plain());
        data[Pvd + 1] = (byte)'X';
        var dev = new TestMemoryReader("cd.iso", data);
        Assert.False(Iso9660FileTree.Detect(dev));
        var e = Assert.Throws<InvalidDiskFormatException>(() => Iso9660FileTree.Open(dev));
        Assert.Equal(Pvd, e.Offset);
    }

    [Fact]
    public void RecordWithANameLongerThanItselfIsRefused()
    {
        var data = Image(IsoTestImages.Plain());
        int root = RootDir(data);
        int second = root + data[root];           // ".."
        int third = second + data[second];        // first real entry
        data[third + 32] = 250;                    // identifier length beyond the record
        var fs = Open(data);
        var e = Assert.Throws<InvalidDiskFormatException>(() => fs.ListDirectory("/"));
        Assert.Equal(third, e.Offset);
        Assert.Contains("is invalid", e.Problem);
    }

    [Fact]
    public void AbsurdDirectorySizeIsRefused()
    {
        var data = Image(IsoTestImages.Plain());
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(RootRecord + 10), 0xFFFF_F000);
        var e = Assert.Throws<InvalidDiskFormatException>(() => Open(data).ListDirectory("/"));
        Assert.Contains("more than the limit", e.Problem);
    }

    [Fact]
    public void SuspContinuationLoopEnds()
    {
        var data = Image(IsoTestImages.RockRidge());
        // Replace the PX entry of README.md's record with a CE entry pointing at itself.
        int root = RootDir(data);
        int len = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(RootRecord + 10));
        int rec = -1;
        for (int p = root; p < root + len && data[p] != 0; p += data[p])
            if (System.Text.Encoding.ASCII.GetString(data, p + 33, data[p + 32]).StartsWith("README", StringComparison.Ordinal))
                rec = p;
        Assert.True(rec > 0);
        int px = data.AsSpan(rec, data[rec]).IndexOf("PX"u8) + rec;
        Assert.True(px > rec);
        var ce = new byte[28];
        ce[0] = (byte)'C'; ce[1] = (byte)'E'; ce[2] = 28; ce[3] = 1;
        BinaryPrimitives.WriteUInt32LittleEndian(ce.AsSpan(4), (uint)(px / 2048));
        BinaryPrimitives.WriteUInt32BigEndian(ce.AsSpan(8), (uint)(px / 2048));
        BinaryPrimitives.WriteUInt32LittleEndian(ce.AsSpan(12), (uint)(px % 2048));
        BinaryPrimitives.WriteUInt32BigEndian(ce.AsSpan(16), (uint)(px % 2048));
        BinaryPrimitives.WriteUInt32LittleEndian(ce.AsSpan(20), 28);
        BinaryPrimitives.WriteUInt32BigEndian(ce.AsSpan(24), 28);
        ce.CopyTo(data, px);
        var e = Assert.Throws<InvalidDiskFormatException>(() => Open(data).ListDirectory("/"));
        Assert.Contains("continuation", e.Problem);
    }

    [Fact]
    public void BrokenBootCatalogKeepsTheFilesReadable()
    {
        var data = Image(IsoTestImages.Hybrid());
        var good = Open((byte[])data.Clone());
        long cat = (long)good.BootCatalog!.CatalogBlock * 2048;
        data[cat + 28] ^= 0xFF; // validation entry checksum
        var fs = Open(data);
        Assert.Null(fs.BootCatalog);
        Assert.Contains($"at byte {cat + 28}", fs.BootCatalogProblem);
        Assert.Equal("# Live image\n", fs.ReadAllText("/README.md"));
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("rr")]
    public void RandomDamageToDescriptorsAndDirectoriesOnlyRaisesStorageExceptions(string kind)
    {
        var pristine = Image(kind == "rr" ? IsoTestImages.RockRidge() : IsoTestImages.Plain());
        int root = RootDir(pristine);
        var rng = new Random(99);
        int failures = 0;
        for (int round = 0; round < 200; round++)
        {
            var data = (byte[])pristine.Clone();
            for (int k = 0; k < 1 + rng.Next(6); k++)
            {
                int at = rng.Next(3) switch
                {
                    0 => Pvd + rng.Next(2048),
                    1 => root + rng.Next(2048),
                    _ => root + rng.Next(16 * 2048),
                };
                data[at] = (byte)rng.Next(256);
            }
            try
            {
                TreeWalker.WalkAll(Open(data));
            }
            catch (StorageException)
            {
                failures++;
            }
        }
        Assert.True(failures > 0, "no damage was ever detected: the test is not reaching the metadata");
    }
}
