using System.Buffers.Binary;

namespace LinuxBootSharp.Storage;

/// <summary>A contiguous piece of a file: <see cref="Count"/> blocks from logical block
/// <see cref="Logical"/> stored at <see cref="Physical"/>; unwritten ones read as zeros.</summary>
public readonly record struct ExtRun(long Logical, long Physical, long Count, bool Unwritten);

/// <summary>
/// Maps a file's logical blocks to disk blocks: extent trees (Documentation/filesystems/ext4/
/// ifork.rst, fs/ext4/ext4_extents.h) or the classic direct/indirect block array (fs/ext4/indirect.c).
/// The whole map is built once per open file, sorted by logical block, holes left out.
/// </summary>
public sealed class ExtBlockMap
{
    private const ushort ExtentMagic = 0xF30A;
    private const int HeaderSize = 12;
    private const int EntrySize = 12;
    private const int HeaderMagicOffset = 0;
    private const int HeaderEntriesOffset = 2;
    private const int HeaderMaxOffset = 4;
    private const int HeaderDepthOffset = 6;

    /// <summary>The kernel refuses deeper trees (fs/ext4/extents.c, EXT4_MAX_EXTENT_DEPTH = 5).</summary>
    public const int MaxExtentDepth = 5;

    /// <summary>ee_len above this marks an unwritten (preallocated) extent (EXT_INIT_MAX_LEN).</summary>
    private const int InitMaxLength = 32768;

    private const int DirectBlocks = 12;

    private readonly ExtRun[] _runs;

    private ExtBlockMap(ExtRun[] runs) => _runs = runs;

    public IReadOnlyList<ExtRun> Runs => _runs;

    /// <summary>The run holding <paramref name="block"/>, or the index of the next run after a hole (as ~index).</summary>
    public int Find(long block)
    {
        int lo = 0, hi = _runs.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            var r = _runs[mid];
            if (block < r.Logical)
                hi = mid - 1;
            else if (block >= r.Logical + r.Count)
                lo = mid + 1;
            else
                return mid;
        }
        return ~lo;
    }

    public ExtRun this[int index] => _runs[index];

    public int Count => _runs.Length;

    /// <summary>Builds the map of <paramref name="inode"/>, covering at most <paramref name="fileBlocks"/> logical blocks.</summary>
    public static ExtBlockMap Build(ExtFileSystem fs, ExtInode inode, long fileBlocks)
    {
        var runs = new List<ExtRun>();
        if (inode.HasFlag(ExtInode.ExtentsFlag))
        {
            var visited = 0;
            WalkExtents(fs, inode, inode.BlockArray.ToArray(), MaxExtentDepth + 1, runs, ref visited, fileBlocks,
                fs.InodeOffset(inode.Number) + ExtInode.BlockArrayOffset);
            runs.Sort((a, b) => a.Logical.CompareTo(b.Logical));
            for (int i = 1; i < runs.Count; i++)
                if (runs[i].Logical < runs[i - 1].Logical + runs[i - 1].Count)
                    fs.Fail(fs.InodeOffset(inode.Number), $"inode {inode.Number}: overlapping extents at logical block {runs[i].Logical}");
        }
        else
        {
            WalkIndirect(fs, inode, fileBlocks, runs);
        }
        return new ExtBlockMap([.. runs]);
    }

    private static void WalkExtents(ExtFileSystem fs, ExtInode inode, byte[] node, int parentDepth, List<ExtRun> runs,
        ref int visited, long fileBlocks, long nodeOffset)
    {
        var s = node.AsSpan();
        if (BinaryPrimitives.ReadUInt16LittleEndian(s[HeaderMagicOffset..]) != ExtentMagic)
            fs.Fail(nodeOffset, $"inode {inode.Number}: bad extent header magic");
        int entries = BinaryPrimitives.ReadUInt16LittleEndian(s[HeaderEntriesOffset..]);
        int max = BinaryPrimitives.ReadUInt16LittleEndian(s[HeaderMaxOffset..]);
        int depth = BinaryPrimitives.ReadUInt16LittleEndian(s[HeaderDepthOffset..]);
        // Each level must be exactly one shallower than its parent: this is what ends a
        // looping or self-referencing tree.
        if (depth > MaxExtentDepth || (parentDepth <= MaxExtentDepth && depth != parentDepth - 1))
            fs.Fail(nodeOffset, $"inode {inode.Number}: extent tree depth {depth} is invalid here");
        if (entries > max || HeaderSize + max * EntrySize > node.Length)
            fs.Fail(nodeOffset, $"inode {inode.Number}: extent node claims {entries}/{max} entries, more than fit in {node.Length} bytes");
        // Index blocks visited are bounded by the number of blocks the file can have.
        if (++visited > fileBlocks + 16)
            fs.Fail(nodeOffset, $"inode {inode.Number}: extent tree has more nodes than the file has blocks");
        for (int i = 0; i < entries; i++)
        {
            var e = s.Slice(HeaderSize + i * EntrySize, EntrySize);
            uint logical = BinaryPrimitives.ReadUInt32LittleEndian(e);
            if (depth == 0)
            {
                int len = BinaryPrimitives.ReadUInt16LittleEndian(e[4..]);
                bool unwritten = len > InitMaxLength;
                if (unwritten)
                    len -= InitMaxLength;
                long start = BinaryPrimitives.ReadUInt32LittleEndian(e[8..]) | (long)BinaryPrimitives.ReadUInt16LittleEndian(e[6..]) << 32;
                if (len == 0 || logical >= fileBlocks)
                    continue;
                if (start + len > fs.Super.BlocksCount || start < fs.Super.FirstDataBlock)
                    fs.Fail(nodeOffset, $"inode {inode.Number}: extent at logical block {logical} points to blocks {start}+{len}, outside the file system ({fs.Super.BlocksCount} blocks)");
                if (runs.Count > fileBlocks)
                    fs.Fail(nodeOffset, $"inode {inode.Number}: more extents than blocks");
                runs.Add(new ExtRun(logical, start, Math.Min(len, fileBlocks - logical), unwritten));
            }
            else
            {
                long leaf = BinaryPrimitives.ReadUInt32LittleEndian(e[4..]) | (long)BinaryPrimitives.ReadUInt16LittleEndian(e[8..]) << 32;
                if (logical >= fileBlocks)
                    continue;
                var child = fs.ReadBlock(leaf, $"inode {inode.Number} extent index");
                WalkExtents(fs, inode, child, depth, runs, ref visited, fileBlocks, leaf * fs.Super.BlockSize);
            }
        }
    }

    /// <summary>
    /// i_block[0..11] are direct pointers, [12] single, [13] double and [14] triple indirect
    /// (Documentation/filesystems/ext4/blockmap.rst). Zero pointers are holes.
    /// </summary>
    private static void WalkIndirect(ExtFileSystem fs, ExtInode inode, long fileBlocks, List<ExtRun> runs)
    {
        var arr = inode.BlockArray;
        long perBlock = fs.Super.BlockSize / 4;
        for (int i = 0; i < DirectBlocks && i < fileBlocks; i++)
            Add(fs, inode, runs, i, BinaryPrimitives.ReadUInt32LittleEndian(arr[(i * 4)..]));
        long start = DirectBlocks;
        long span = perBlock;
        for (int level = 1; level <= 3 && start < fileBlocks; level++)
        {
            uint ptr = BinaryPrimitives.ReadUInt32LittleEndian(arr[((DirectBlocks + level - 1) * 4)..]);
            if (ptr != 0)
                Indirect(fs, inode, runs, ptr, level, start, fileBlocks, perBlock);
            start += span;
            span *= perBlock;
        }
    }

    private static void Indirect(ExtFileSystem fs, ExtInode inode, List<ExtRun> runs, uint block, int level, long first, long fileBlocks, long perBlock)
    {
        CheckBlock(fs, inode, block);
        var data = fs.ReadBlock(block, $"inode {inode.Number} indirect block");
        long childSpan = 1;
        for (int l = 1; l < level; l++)
            childSpan *= perBlock;
        for (int i = 0; i < perBlock; i++)
        {
            long logical = first + i * childSpan;
            if (logical >= fileBlocks)
                break;
            uint ptr = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(i * 4));
            if (ptr == 0)
                continue;
            if (level == 1)
                Add(fs, inode, runs, logical, ptr);
            else
                Indirect(fs, inode, runs, ptr, level - 1, logical, fileBlocks, perBlock);
        }
    }

    private static void Add(ExtFileSystem fs, ExtInode inode, List<ExtRun> runs, long logical, uint physical)
    {
        if (physical == 0)
            return;
        CheckBlock(fs, inode, physical);
        if (runs.Count > 0)
        {
            var last = runs[^1];
            if (last.Logical + last.Count == logical && last.Physical + last.Count == physical)
            {
                runs[^1] = last with { Count = last.Count + 1 };
                return;
            }
        }
        runs.Add(new ExtRun(logical, physical, 1, false));
    }

    private static void CheckBlock(ExtFileSystem fs, ExtInode inode, uint block)
    {
        if (block >= fs.Super.BlocksCount || block < fs.Super.FirstDataBlock)
            fs.Fail(fs.InodeOffset(inode.Number), $"inode {inode.Number}: block pointer {block} is outside the file system ({fs.Super.BlocksCount} blocks)");
    }
}
