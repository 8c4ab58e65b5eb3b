using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace LinuxBootSharp.Storage.FileSystems.Xfs;

/// <summary>
/// Read-only XFS (v4 and v5) as an <see cref="IFileTree"/>. Inodes are located from their
/// numbers through the allocation-group geometry; the log is never replayed, so the reader
/// sees the last checkpointed state, as GRUB does. Every count and size read from disk is
/// bounded; corrupt structures raise <see cref="InvalidDiskFormatException"/> naming the device
/// and byte offset.
/// </summary>
public sealed class XfsFileTree : NodeFileTree<XfsInode>
{
    /// <summary>Most extents one file may have before the reader refuses it (memory bound).</summary>
    public const ulong MaxExtentsPerFile = 1UL << 22;

    /// <summary>Longest symlink target XFS allows (XFS_SYMLINK_MAXLEN).</summary>
    public const int MaxSymlinkLength = 1024;

    /// <summary>Most entries one directory may have (a crafted directory cannot exhaust memory).</summary>
    public const int MaxDirectoryEntries = 1 << 22;

    private const uint SymlinkMagic = 0x58534c4d; // "XSLM", xfs_dsymlink_hdr on v5
    private const int SymlinkHeaderSize = 56;
    private const int DirCacheLimit = 64;

    private readonly IBlockReader _device;
    private readonly Dictionary<ulong, XfsDirIndex> _dirCache = [];
    private XfsInode _root = null!;

    private XfsFileTree(IBlockReader device, XfsSuperblock sb, FileSystemIdentity identity)
    {
        _device = device;
        Superblock = sb;
        Identity = identity;
    }

    public override FileSystemIdentity Identity { get; }

    public XfsSuperblock Superblock { get; }

    internal string DeviceName => _device.Name;

    /// <summary>Cheap probe: the XFSB magic at byte 0.</summary>
    public static bool Detect(IBlockReader device)
    {
        if (device.Length < XfsSuperblock.ReadSize)
            return false;
        Span<byte> sector = stackalloc byte[XfsSuperblock.ReadSize];
        device.ReadAt(0, sector);
        return XfsSuperblock.HasMagic(sector);
    }

    /// <summary>
    /// Opens the file system. <paramref name="location"/> carries what the caller knows about
    /// where it lives (disk index, partition); type, UUID and label come from the superblock.
    /// </summary>
    public static XfsFileTree Open(IBlockReader device, FileSystemIdentity? location = null)
    {
        if (device.Length < XfsSuperblock.ReadSize)
            InvalidDiskFormatException.Throw(XfsSuperblock.Format, device.Name, 0, $"device of {device.Length} bytes is too small for a superblock");
        var buf = new byte[XfsSuperblock.ReadSize];
        device.ReadAt(0, buf);
        var sb = XfsSuperblock.Parse(buf, device.Name);
        long needed = sb.DataBlocks << sb.BlockLog;
        if (needed > device.Length)
            InvalidDiskFormatException.Throw(XfsSuperblock.Format, device.Name, 8, $"file system of {needed} bytes is larger than the device ({device.Length} bytes): truncated image?");
        var identity = (location ?? new FileSystemIdentity { Type = "xfs", Device = device.Name }) with
        {
            Type = "xfs",
            Uuid = sb.UuidString,
            Label = sb.Label.Length == 0 ? null : sb.Label,
        };
        var fs = new XfsFileTree(device, sb, identity);
        fs._root = fs.ReadInode(sb.RootIno);
        if (fs._root.Kind != FileKind.Directory)
            fs.Fail(fs._root.DiskOffset, $"root inode {sb.RootIno} is not a directory");
        return fs;
    }

    [DoesNotReturn]
    internal void Fail(long offset, string problem) =>
        InvalidDiskFormatException.Throw(XfsSuperblock.Format, _device.Name, offset, problem);

    internal byte[] ReadMetadata(long offset, int length)
    {
        if (offset < 0 || offset > _device.Length - length)
            Fail(offset, $"metadata read of {length} bytes lies beyond the end of the device ({_device.Length} bytes)");
        var buf = new byte[length];
        _device.ReadAt(offset, buf);
        return buf;
    }

    internal void ReadData(long offset, Span<byte> buffer)
    {
        if (offset < 0 || offset > _device.Length - buffer.Length)
            Fail(offset, $"file data read of {buffer.Length} bytes lies beyond the end of the device ({_device.Length} bytes)");
        _device.ReadAt(offset, buffer);
    }

    public XfsInode ReadInode(ulong ino)
    {
        if (!Superblock.TryInodeToOffset(ino, out long off))
            Fail(0, $"inode number {ino} lies outside the {Superblock.AgCount} allocation groups");
        var raw = ReadMetadata(off, Superblock.InodeSize);
        return XfsInode.Parse(raw, ino, off, Superblock, _device.Name);
    }

    // ---- directories -------------------------------------------------------------------------

    /// <summary>All entries of a directory inode, with "." and ".." (cached for repeated lookups).</summary>
    internal XfsDirIndex ReadDirectory(XfsInode dir)
    {
        if (_dirCache.TryGetValue(dir.Number, out var cached))
            return cached;
        var entries = dir.Format == XfsForkFormat.Local ? XfsDirectory.ParseShortForm(this, dir) : ReadDirectoryBlocks(dir);
        var index = new XfsDirIndex(entries, Superblock.AsciiCaseInsensitive);
        if (_dirCache.Count >= DirCacheLimit)
            _dirCache.Clear();
        _dirCache[dir.Number] = index;
        return index;
    }

    private List<XfsDirEntry> ReadDirectoryBlocks(XfsInode dir)
    {
        var map = XfsDataMap.Create(this, dir);
        var sb = Superblock;
        long dirBlock = sb.DirBlockSize;
        long dataEnd = Math.Min(dir.Size, XfsDirectory.LeafSectionOffset);
        var entries = new List<XfsDirEntry>();
        var buf = new byte[dirBlock];
        long lastDone = -1;
        foreach (var e in map.Extents)
        {
            long start = (long)(e.FileBlock << sb.BlockLog);
            long end = Math.Min((long)(e.EndFileBlock << sb.BlockLog), dataEnd);
            // Directory blocks are dirblksize-aligned in the file; visit each mapped one once,
            // even when it spans several extents.
            for (long b = start / dirBlock * dirBlock; b < end; b += dirBlock)
            {
                if (b <= lastDone)
                    continue;
                lastDone = b;
                if (map.Read(b, buf) != buf.Length)
                    Fail(dir.DiskOffset, $"directory inode {dir.Number}: data block at {b} runs past the directory size {dir.Size}");
                long disk = 0;
                if (e.FileBlock << sb.BlockLog <= (ulong)b)
                    sb.TryFsBlockToOffset(e.StartBlock + (((ulong)b >> sb.BlockLog) - e.FileBlock), out disk);
                XfsDirectory.ParseDataBlock(this, dir, buf, disk, entries);
                if (entries.Count > MaxDirectoryEntries)
                    Fail(disk, $"directory inode {dir.Number} has more than {MaxDirectoryEntries} entries");
            }
        }
        return entries;
    }

    private string ReadSymlink(XfsInode link)
    {
        if (link.Size <= 0 || link.Size > MaxSymlinkLength)
            Fail(link.DiskOffset, $"symlink inode {link.Number} has length {link.Size}, outside 1..{MaxSymlinkLength}");
        var map = XfsDataMap.Create(this, link);
        if (link.Format == XfsForkFormat.Local || !Superblock.IsV5)
        {
            var bytes = new byte[link.Size];
            if (map.Read(0, bytes) != bytes.Length)
                Fail(link.DiskOffset, $"symlink inode {link.Number}: target is shorter than its size");
            return Encoding.UTF8.GetString(bytes);
        }

        // v5 remote symlinks: every block starts with an "XSLM" header (xfs_dsymlink_hdr), then
        // up to blocksize-56 bytes of the target.
        var sb = Superblock;
        var result = new List<byte>((int)link.Size);
        var block = new byte[sb.BlockSize];
        for (long pos = 0; result.Count < link.Size; pos += sb.BlockSize)
        {
            int got = map.ReadRaw(pos, block);
            if (got < SymlinkHeaderSize || System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(block) != SymlinkMagic)
                Fail(link.DiskOffset, $"symlink inode {link.Number}: remote block at {pos} lacks the XSLM header");
            int take = (int)Math.Min(link.Size - result.Count, sb.BlockSize - SymlinkHeaderSize);
            result.AddRange(block.AsSpan(SymlinkHeaderSize, take));
        }
        return Encoding.UTF8.GetString(result.ToArray());
    }

    /// <summary>The inode a path names (symlinks followed except a final one), or null.</summary>
    public XfsInode? FindInode(string path) => Resolve(path, followLast: false);

    // ---- NodeFileTree primitives -------------------------------------------------------------

    protected override XfsInode Root => _root;

    protected override FileKind KindOf(XfsInode node) => node.Kind;

    protected override XfsInode? Lookup(XfsInode directory, string name, string pathForErrors) =>
        ReadDirectory(directory).TryGet(name, out var entry) ? ReadInode(entry.Inode) : null;

    protected override string ReadLinkTarget(XfsInode link, string pathForErrors) => ReadSymlink(link);

    protected override FileStat StatNode(XfsInode i) =>
        new(i.Kind, i.Kind == FileKind.Directory ? 0 : i.Size, i.Mode, i.Modified);

    protected override IReadOnlyList<DirectoryEntry> ListNode(XfsInode directory, string pathForErrors)
    {
        var list = new List<DirectoryEntry>();
        foreach (var e in ReadDirectory(directory).Entries)
        {
            if (e.Name is "." or "..")
                continue;
            // Without the ftype feature the type lives only in the inode.
            var kind = Superblock.HasFtype ? XfsDirectory.KindOf(e.FileType) : ReadInode(e.Inode).Kind;
            list.Add(new DirectoryEntry(e.Name, kind));
        }
        list.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return list;
    }

    protected override Stream OpenNode(XfsInode file, string pathForErrors) => new XfsFileStream(XfsDataMap.Create(this, file));
}
