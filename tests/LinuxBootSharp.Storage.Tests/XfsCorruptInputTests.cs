using System.Buffers.Binary;
using LinuxBootSharp.Storage.FileSystems.Xfs;

namespace LinuxBootSharp.Storage.Tests;

/// <summary>
/// Damaged XFS images: each must end in a clear <see cref="StorageException"/> naming the device
/// and byte offset, never a hang, a crash or another exception type.
/// </summary>
public sealed class XfsCorruptInputTests
{
    private const int V3CoreSize = 176;

    private static (byte[] Data, XfsFileTree Fs) Fresh()
    {
        var data = File.ReadAllBytes(Path.Combine(XfsTestImages.Build(XfsTestImages.SmallGeometry), "image.img"));
        return (data, XfsFileTree.Open(new TestMemoryReader("small.img", (byte[])data.Clone())));
    }

    private static XfsFileTree Reopen(byte[] data) => XfsFileTree.Open(new TestMemoryReader("small.img", data));

    private static long InodeOffset(XfsFileTree fs, string path) => fs.FindInode(path)!.DiskOffset;

    [Fact]
    public void TruncatedImageIsRefusedWithTheSizes()
    {
        var (data, _) = Fresh();
        var e = Assert.Throws<InvalidDiskFormatException>(() => Reopen(data[..(1 << 20)]));
        Assert.Equal("small.img", e.Device);
        Assert.Contains("larger than the device", e.Problem);
    }

    [Fact]
    public void BadMagicIsNotDetectedAndNotOpened()
    {
        var (data, _) = Fresh();
        data[0] = (byte)'Y';
        var dev = new TestMemoryReader("small.img", data);
        Assert.False(XfsFileTree.Detect(dev));
        var e = Assert.Throws<InvalidDiskFormatException>(() => XfsFileTree.Open(dev));
        Assert.Equal(0, e.Offset);
    }

    [Fact]
    public void UnknownIncompatibleFeatureIsRefusedByName()
    {
        var (data, _) = Fresh();
        uint incompat = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(216));
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(216), incompat | 0x100 | 0x8000_0000);
        var e = Assert.Throws<InvalidDiskFormatException>(() => Reopen(data));
        Assert.Equal(216, e.Offset);
        Assert.Contains("metadir", e.Problem);
        Assert.Contains("0x80000000", e.Problem);
    }

    [Fact]
    public void InconsistentGeometryIsRefused()
    {
        var (data, _) = Fresh();
        data[124] = 40; // sb_agblklog far larger than log2(agblocks)
        Assert.Throws<InvalidDiskFormatException>(() => Reopen(data));
    }

    [Fact]
    public void BrokenInodeNamesItsOffset()
    {
        var (data, fs) = Fresh();
        long off = InodeOffset(fs, "/hello.txt");
        data[off] = 0;
        var e = Assert.Throws<InvalidDiskFormatException>(() => Reopen(data).TryStat("/hello.txt"));
        Assert.Equal(off, e.Offset);
        Assert.Contains("inode magic", e.Problem);
    }

    [Theory]
    [InlineData(200, "outside 1..9")]
    [InlineData(2, "level 0, expected 1")]
    public void BadBtreeRootLevelIsAClearError(int level, string expected)
    {
        var (data, fs) = Fresh();
        long fork = InodeOffset(fs, "/frag") + V3CoreSize;
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan((int)fork), (ushort)level);
        var e = Assert.Throws<InvalidDiskFormatException>(() => Reopen(data).ReadAllBytes("/frag", long.MaxValue));
        Assert.Contains(expected, e.Problem);
    }

    [Fact]
    public void AbsurdExtentCountIsRefused()
    {
        var (data, fs) = Fresh();
        long off = InodeOffset(fs, "/boot/vmlinuz");
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan((int)off + 76), 0x7fff_ffff);
        var e = Assert.Throws<InvalidDiskFormatException>(() => Reopen(data).OpenRead("/boot/vmlinuz"));
        Assert.Contains("extent count", e.Problem);
    }

    [Fact]
    public void BlockDirectoryWithAbsurdLeafCountIsRefused()
    {
        var (data, fs) = Fresh();
        var dir = fs.FindInode("/blockdir")!;
        var ext = XfsExtent.Decode(dir.DataFork);
        Assert.True(fs.Superblock.TryFsBlockToOffset(ext.StartBlock, out long blk));
        int tail = (int)blk + fs.Superblock.DirBlockSize - 8;
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(tail), 0x00ff_ffff);
        var e = Assert.Throws<InvalidDiskFormatException>(() => Reopen(data).ListDirectory("/blockdir"));
        Assert.Contains("leaf entries", e.Problem);
    }

    [Fact]
    public void ShortFormDirectoryCountBeyondItsSizeIsRefused()
    {
        var (data, fs) = Fresh();
        long fork = InodeOffset(fs, "/small") + V3CoreSize;
        data[fork] = 200;
        var e = Assert.Throws<InvalidDiskFormatException>(() => Reopen(data).ListDirectory("/small"));
        Assert.Contains("runs past the end", e.Problem);
    }

    [Fact]
    public void DirectoryLoopDoesNotHang()
    {
        var (data, fs) = Fresh();
        // Point /small's first short-form entry at the root directory: a hard-linked directory cycle.
        var small = fs.FindInode("/small")!;
        long fork = small.DiskOffset + V3CoreSize;
        int i8 = data[fork + 1];
        int inoSize = i8 == 0 ? 4 : 8;
        int first = (int)fork + 2 + inoSize;
        int nameLen = data[first];
        int inoAt = first + 3 + nameLen + 1; // namelen, offset, name, ftype
        data[inoAt - 1] = 2; // XFS_DIR3_FT_DIR
        ulong root = fs.Superblock.RootIno;
        if (inoSize == 4)
            BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(inoAt), (uint)root);
        else
            BinaryPrimitives.WriteUInt64BigEndian(data.AsSpan(inoAt), root);
        var loop = Reopen(data);
        Assert.Equal(loop.ListDirectory("/").Count, loop.ListDirectory("/small/s0.txt").Count);
        Assert.Equal("hello from xfs\n", loop.ReadAllText("/small/s0.txt/small/s0.txt/small/s0.txt/hello.txt"));
        Assert.Equal(FileKind.Directory, loop.ListDirectory("/small").Single(e => e.Name == "s0.txt").Kind);
        // A recursive walk over the cycle is bounded only by the walker's own depth limit.
        Assert.True(TreeWalker.WalkAll(loop, maxDepth: 6) > 3 * 300);
    }

    [Fact]
    public void OversizedSymlinkIsRefused()
    {
        var (data, fs) = Fresh();
        long off = InodeOffset(fs, "/link-remote");
        BinaryPrimitives.WriteInt64BigEndian(data.AsSpan((int)off + 56), 5000);
        var e = Assert.Throws<InvalidDiskFormatException>(() => Reopen(data).ReadLink("/link-remote"));
        Assert.Contains("length 5000", e.Problem);
    }

    [Fact]
    public void RandomDamageToMetadataOnlyRaisesStorageExceptions()
    {
        var (pristine, fs) = Fresh();
        // Damage the superblock, the inode chunks and directory blocks: where the reader looks.
        var targets = new List<(long Start, int Length)> { (0, 512) };
        foreach (var p in new[] { "/", "/small", "/blockdir", "/leafdir", "/frag", "/holes", "/link-remote", "/boot" })
            targets.Add((InodeOffset(fs, p), fs.Superblock.InodeSize));
        foreach (var p in new[] { "/blockdir", "/leafdir" })
            foreach (var e in XfsTestDirectoryBlocks(fs, p))
                targets.Add(e);
        Assert.True(TreeWalker.WalkAll(Reopen((byte[])pristine.Clone())) > 300);
        var rng = new Random(1234);
        int failures = 0;
        for (int round = 0; round < 150; round++)
        {
            var data = (byte[])pristine.Clone();
            for (int k = 0; k < 1 + rng.Next(6); k++)
            {
                var (start, len) = targets[rng.Next(targets.Count)];
                data[start + rng.Next(len)] = (byte)rng.Next(256);
            }
            try
            {
                TreeWalker.WalkAll(Reopen(data));
            }
            catch (StorageException)
            {
                failures++;
            }
        }
        Assert.True(failures > 0, "no damage was ever detected: the test is not reaching the metadata");
    }

    private static IEnumerable<(long, int)> XfsTestDirectoryBlocks(XfsFileTree fs, string path)
    {
        var dir = fs.FindInode(path)!;
        for (ulong i = 0; i < Math.Min(dir.ExtentCount, 4); i++)
        {
            var e = XfsExtent.Decode(dir.DataFork.AsSpan((int)i * 16, 16));
            if (fs.Superblock.TryFsBlockToOffset(e.StartBlock, out long off))
                yield return (off, fs.Superblock.BlockSize);
        }
    }
}
