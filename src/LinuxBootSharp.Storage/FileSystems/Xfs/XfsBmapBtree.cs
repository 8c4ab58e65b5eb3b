using System.Buffers.Binary;

namespace LinuxBootSharp.Storage.FileSystems.Xfs;

/// <summary>
/// Collects the extents of a B+tree-format data fork (fs/xfs/libxfs/xfs_bmap_btree.h). The root
/// (struct xfs_bmdr_block) sits in the inode's literal area; interior and leaf blocks are
/// long-format btree blocks ("BMAP" on v4, "BMA3" with a CRC header on v5). Every child must be
/// exactly one level below its parent, so the walk cannot loop, and the depth and the number of
/// records are bounded.
/// </summary>
internal static class XfsBmapBtree
{
    public const uint MagicV4 = 0x424d4150; // "BMAP"
    public const uint MagicV5 = 0x424d4133; // "BMA3"

    private const int RootHeaderSize = 4;   // bb_level, bb_numrecs
    private const int BlockHeaderSizeV4 = 24; // magic, level, numrecs, leftsib, rightsib
    private const int BlockHeaderSizeV5 = 72; // + blkno, lsn, uuid, owner, crc, pad
    private const int OffBlockLevel = 4;
    private const int OffBlockNumRecs = 6;
    private const int OffBlockOwner = 56;
    private const int KeySize = 8;
    private const int PtrSize = 8;

    /// <summary>XFS bmbt trees are at most 9 levels on the largest geometries (xfs_bmap_compute_maxlevels).</summary>
    public const int MaxLevels = 9;

    public static List<XfsExtent> ReadExtents(XfsFileTree fs, XfsInode inode)
    {
        var fork = inode.DataFork.AsSpan();
        int level = BinaryPrimitives.ReadUInt16BigEndian(fork);
        int numRecs = BinaryPrimitives.ReadUInt16BigEndian(fork[2..]);
        int maxRecs = (fork.Length - RootHeaderSize) / (KeySize + PtrSize);
        if (level < 1 || level > MaxLevels)
            fs.Fail(inode.DiskOffset, $"inode {inode.Number}: bmap btree root level {level} is outside 1..{MaxLevels}");
        if (numRecs < 1 || numRecs > maxRecs)
            fs.Fail(inode.DiskOffset, $"inode {inode.Number}: bmap btree root has {numRecs} pointers, room for {maxRecs}");

        var extents = new List<XfsExtent>();
        // Every block holds at least one record, so a well-formed tree has no more blocks than
        // extents plus one interior path per level; more visits mean a crafted tree.
        long budget = (long)Math.Min(inode.ExtentCount, int.MaxValue) + MaxLevels + numRecs;
        int ptrBase = RootHeaderSize + maxRecs * KeySize;
        for (int i = 0; i < numRecs; i++)
            Walk(fs, inode, BinaryPrimitives.ReadUInt64BigEndian(fork[(ptrBase + i * PtrSize)..]), level - 1, extents, ref budget);
        return extents;
    }

    private static void Walk(XfsFileTree fs, XfsInode inode, ulong fsblock, int expectedLevel, List<XfsExtent> extents, ref long budget)
    {
        if (--budget < 0)
            fs.Fail(inode.DiskOffset, $"inode {inode.Number}: bmap btree has more blocks than its {inode.ExtentCount} extents can need");
        var sb = fs.Superblock;
        if (!sb.TryFsBlockToOffset(fsblock, out long off))
            fs.Fail(inode.DiskOffset, $"inode {inode.Number}: bmap btree pointer {fsblock} is outside the file system");
        var block = fs.ReadMetadata(off, sb.BlockSize);
        uint magic = BinaryPrimitives.ReadUInt32BigEndian(block);
        uint want = sb.IsV5 ? MagicV5 : MagicV4;
        if (magic != want)
            fs.Fail(off, $"inode {inode.Number}: bmap btree block has magic 0x{magic:x8}, expected 0x{want:x8}");
        int headerSize = sb.IsV5 ? BlockHeaderSizeV5 : BlockHeaderSizeV4;
        if (sb.IsV5 && BinaryPrimitives.ReadUInt64BigEndian(block.AsSpan(OffBlockOwner)) != inode.Number)
            fs.Fail(off, $"inode {inode.Number}: bmap btree block belongs to another inode");
        int level = BinaryPrimitives.ReadUInt16BigEndian(block.AsSpan(OffBlockLevel));
        int numRecs = BinaryPrimitives.ReadUInt16BigEndian(block.AsSpan(OffBlockNumRecs));
        if (level != expectedLevel)
            fs.Fail(off, $"inode {inode.Number}: bmap btree block at level {level}, expected {expectedLevel}");

        if (level == 0)
        {
            int max = (block.Length - headerSize) / XfsExtent.RecordSize;
            if (numRecs < 1 || numRecs > max)
                fs.Fail(off, $"inode {inode.Number}: bmap btree leaf claims {numRecs} records, room for {max}");
            if ((ulong)(extents.Count + numRecs) > inode.ExtentCount)
                fs.Fail(off, $"inode {inode.Number}: bmap btree holds more extents than the inode's count {inode.ExtentCount}");
            for (int i = 0; i < numRecs; i++)
                extents.Add(XfsExtent.Decode(block.AsSpan(headerSize + i * XfsExtent.RecordSize, XfsExtent.RecordSize)));
            return;
        }

        int maxPtrs = (block.Length - headerSize) / (KeySize + PtrSize);
        if (numRecs < 1 || numRecs > maxPtrs)
            fs.Fail(off, $"inode {inode.Number}: bmap btree node claims {numRecs} pointers, room for {maxPtrs}");
        int ptrBase = headerSize + maxPtrs * KeySize;
        var ptrs = new ulong[numRecs];
        for (int i = 0; i < numRecs; i++)
            ptrs[i] = BinaryPrimitives.ReadUInt64BigEndian(block.AsSpan(ptrBase + i * PtrSize));
        foreach (var p in ptrs)
            Walk(fs, inode, p, level - 1, extents, ref budget);
    }
}
