namespace LinuxBootSharp.Storage.FileSystems.Xfs;

/// <summary>
/// The sorted, validated extent list of one inode's data fork, and reads through it. Blocks no
/// extent covers are holes and read as zeros; unwritten (preallocated) extents read as zeros
/// too, as the kernel returns them (xfs_bmap.c treats XFS_EXT_UNWRITTEN like a hole on read).
/// </summary>
internal sealed class XfsDataMap
{
    private readonly XfsFileTree _fs;
    private readonly XfsInode _inode;
    private readonly XfsExtent[] _extents;
    private readonly byte[]? _inline;

    private XfsDataMap(XfsFileTree fs, XfsInode inode, XfsExtent[] extents, byte[]? inline)
    {
        _fs = fs;
        _inode = inode;
        _extents = extents;
        _inline = inline;
    }

    public long Length => _inode.Size;

    public IReadOnlyList<XfsExtent> Extents => _extents;

    public static XfsDataMap Create(XfsFileTree fs, XfsInode inode)
    {
        var sb = fs.Superblock;
        switch (inode.Format)
        {
            case XfsForkFormat.Local:
                if (inode.Size > inode.DataFork.Length)
                    fs.Fail(inode.DiskOffset, $"inode {inode.Number}: inline data of {inode.Size} bytes does not fit the {inode.DataFork.Length}-byte fork");
                return new XfsDataMap(fs, inode, [], inode.DataFork.AsSpan(0, (int)inode.Size).ToArray());
            case XfsForkFormat.Extents:
            case XfsForkFormat.Btree:
                break;
            default:
                fs.Fail(inode.DiskOffset, $"inode {inode.Number}: data fork format {inode.Format} holds no file data");
                return null!;
        }

        // Each extent maps at least one block, so a count above the block count is corrupt; the
        // absolute cap keeps memory bounded for a huge, crafted file system.
        ulong maxExtents = Math.Min((ulong)sb.DataBlocks, XfsFileTree.MaxExtentsPerFile);
        if (inode.ExtentCount > maxExtents)
            fs.Fail(inode.DiskOffset, $"inode {inode.Number}: extent count {inode.ExtentCount} exceeds the limit of {maxExtents}");

        List<XfsExtent> list;
        if (inode.Format == XfsForkFormat.Extents)
        {
            ulong fit = (ulong)(inode.DataFork.Length / XfsExtent.RecordSize);
            if (inode.ExtentCount > fit)
                fs.Fail(inode.DiskOffset, $"inode {inode.Number}: {inode.ExtentCount} extents do not fit the {inode.DataFork.Length}-byte fork");
            list = new List<XfsExtent>((int)inode.ExtentCount);
            for (int i = 0; i < (int)inode.ExtentCount; i++)
                list.Add(XfsExtent.Decode(inode.DataFork.AsSpan(i * XfsExtent.RecordSize, XfsExtent.RecordSize)));
        }
        else
        {
            list = XfsBmapBtree.ReadExtents(fs, inode);
        }

        list.Sort((a, b) => a.FileBlock.CompareTo(b.FileBlock));
        ulong prevEnd = 0;
        foreach (var e in list)
        {
            ulong agbno = e.StartBlock & ((1UL << sb.AgBlockLog) - 1);
            if (e.BlockCount == 0 || e.FileBlock < prevEnd || e.EndFileBlock > (ulong)(long.MaxValue >> sb.BlockLog) || !sb.TryFsBlockToOffset(e.StartBlock, out _) || agbno + e.BlockCount > sb.AgBlocks)
                fs.Fail(inode.DiskOffset, $"inode {inode.Number}: extent (file block {e.FileBlock}, start {e.StartBlock}, {e.BlockCount} blocks) overlaps another or lies outside its allocation group");
            prevEnd = e.EndFileBlock;
        }
        return new XfsDataMap(fs, inode, list.ToArray(), null);
    }

    /// <summary>Index of the first extent that ends after <paramref name="block"/> (binary search).</summary>
    private int FindExtent(ulong block)
    {
        int lo = 0, hi = _extents.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_extents[mid].EndFileBlock <= block)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }

    /// <summary>Reads file bytes at <paramref name="position"/>; returns how many (fewer only at end of file).</summary>
    public int Read(long position, Span<byte> buffer) => ReadUpTo(position, buffer, Length);

    /// <summary>
    /// Reads mapped blocks without stopping at the file size: v5 remote symlinks store a header
    /// in each block, so their blocks hold more bytes than the target's length.
    /// </summary>
    public int ReadRaw(long position, Span<byte> buffer)
    {
        long end = _inline is not null ? _inline.Length
            : _extents.Length == 0 ? 0 : (long)(_extents[^1].EndFileBlock << _fs.Superblock.BlockLog);
        return ReadUpTo(position, buffer, end);
    }

    private int ReadUpTo(long position, Span<byte> buffer, long limit)
    {
        if (position >= limit || buffer.IsEmpty)
            return 0;
        if (buffer.Length > limit - position)
            buffer = buffer[..(int)(limit - position)];
        if (_inline is not null)
        {
            _inline.AsSpan((int)position, buffer.Length).CopyTo(buffer);
            return buffer.Length;
        }

        var sb = _fs.Superblock;
        int done = 0;
        int idx = FindExtent((ulong)position >> sb.BlockLog);
        while (done < buffer.Length)
        {
            long pos = position + done;
            ulong block = (ulong)pos >> sb.BlockLog;
            while (idx < _extents.Length && _extents[idx].EndFileBlock <= block)
                idx++;
            var rest = buffer[done..];
            if (idx >= _extents.Length || _extents[idx].FileBlock > block)
            {
                // A hole up to the next extent (or the end of the file).
                long holeEnd = idx < _extents.Length ? (long)(_extents[idx].FileBlock << sb.BlockLog) : long.MaxValue;
                int n = (int)Math.Min(rest.Length, holeEnd - pos);
                rest[..n].Clear();
                done += n;
                continue;
            }
            var e = _extents[idx];
            long inExtent = pos - (long)(e.FileBlock << sb.BlockLog);
            long extentBytes = (long)(e.BlockCount << sb.BlockLog);
            int count = (int)Math.Min(rest.Length, extentBytes - inExtent);
            if (e.Unwritten)
            {
                rest[..count].Clear();
            }
            else
            {
                sb.TryFsBlockToOffset(e.StartBlock, out long disk);
                _fs.ReadData(disk + inExtent, rest[..count]);
            }
            done += count;
        }
        return done;
    }
}
