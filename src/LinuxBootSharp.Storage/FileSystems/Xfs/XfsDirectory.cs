using System.Buffers.Binary;
using System.Text;

namespace LinuxBootSharp.Storage.FileSystems.Xfs;

/// <summary>One name in an XFS directory: the inode it points to and, with ftype, its type byte.</summary>
public readonly record struct XfsDirEntry(string Name, ulong Inode, byte FileType);

/// <summary>
/// Parses the two directory layouts that hold names (fs/xfs/libxfs/xfs_da_format.h):
/// short-form directories stored in the inode, and directory data blocks, which are the same in
/// block, leaf and node directories ("XD2B"/"XDB3" single blocks with their leaf table and tail
/// at the end, "XD2D"/"XDD3" data blocks of multi-block directories). Leaf, node and free-index
/// blocks only speed up lookups, so the reader scans the data blocks instead of trusting them.
/// </summary>
internal static class XfsDirectory
{
    public const uint BlockMagicV4 = 0x58443242; // "XD2B"
    public const uint BlockMagicV5 = 0x58444233; // "XDB3"
    public const uint DataMagicV4 = 0x58443244;  // "XD2D"
    public const uint DataMagicV5 = 0x58444433;  // "XDD3"

    /// <summary>Logical byte offset where the leaf section starts (XFS_DIR2_LEAF_OFFSET, 32 GiB); data blocks lie below it.</summary>
    public const long LeafSectionOffset = 1L << 35;

    // File type byte values (XFS_DIR3_FT_*).
    public const byte FtUnknown = 0;
    public const byte FtRegular = 1;
    public const byte FtDirectory = 2;
    public const byte FtSymlink = 7;

    private const int DataHeaderSizeV4 = 16;  // magic + 3 bestfree pairs
    private const int DataHeaderSizeV5 = 64;  // xfs_dir3_blk_hdr (48) + bestfree (12) + pad
    private const int BlockTailSize = 8;      // xfs_dir2_block_tail: count, stale
    private const int LeafEntrySize = 8;      // xfs_dir2_leaf_entry: hashval, address
    private const ushort FreeTag = 0xffff;
    private const int EntryAlign = 8;

    /// <summary>Short-form header: count, i8count, then the parent (4 or 8 bytes); each entry: namelen, 2-byte offset, name, [ftype], inode (4 or 8 bytes).</summary>
    public static List<XfsDirEntry> ParseShortForm(XfsFileTree fs, XfsInode dir)
    {
        var d = dir.DataFork.AsSpan();
        if (dir.Size > d.Length || dir.Size < 6)
            fs.Fail(dir.DiskOffset, $"inode {dir.Number}: short-form directory size {dir.Size} does not fit its fork ({d.Length} bytes)");
        d = d[..(int)dir.Size];
        int count = d[0];
        int i8count = d[1];
        int inoSize = i8count == 0 ? 4 : 8;
        int pos = 2 + inoSize;
        var list = new List<XfsDirEntry>(count + 1)
        {
            new("..", ReadIno(d[2..], inoSize), FtDirectory),
        };
        bool ftype = fs.Superblock.HasFtype;
        for (int i = 0; i < count; i++)
        {
            if (pos + 3 > d.Length)
                fs.Fail(dir.DiskOffset, $"inode {dir.Number}: short-form directory entry {i} runs past the end ({count} entries claimed)");
            int nameLen = d[pos];
            int need = 3 + nameLen + (ftype ? 1 : 0) + inoSize;
            if (nameLen == 0 || pos + need > d.Length)
                fs.Fail(dir.DiskOffset, $"inode {dir.Number}: short-form directory entry {i} (name length {nameLen}) runs past the end");
            var name = Encoding.UTF8.GetString(d.Slice(pos + 3, nameLen));
            int p = pos + 3 + nameLen;
            byte ft = ftype ? d[p++] : FtUnknown;
            list.Add(new XfsDirEntry(name, ReadIno(d[p..], inoSize), ft));
            pos += need;
        }
        return list;
    }

    private static ulong ReadIno(ReadOnlySpan<byte> b, int size) =>
        size == 4 ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt64BigEndian(b);

    /// <summary>Appends the live entries of one directory data block (both block and data formats).</summary>
    public static void ParseDataBlock(XfsFileTree fs, XfsInode dir, ReadOnlySpan<byte> blk, long diskOffset, List<XfsDirEntry> into)
    {
        var sb = fs.Superblock;
        uint magic = BinaryPrimitives.ReadUInt32BigEndian(blk);
        bool isBlock = magic == (sb.IsV5 ? BlockMagicV5 : BlockMagicV4);
        bool isData = magic == (sb.IsV5 ? DataMagicV5 : DataMagicV4);
        if (!isBlock && !isData)
            fs.Fail(diskOffset, $"directory inode {dir.Number}: data block has magic 0x{magic:x8}");
        int pos = sb.IsV5 ? DataHeaderSizeV5 : DataHeaderSizeV4;
        int end = blk.Length;
        if (isBlock)
        {
            // The leaf table and tail of a single-block directory sit at the end of the block.
            uint count = BinaryPrimitives.ReadUInt32BigEndian(blk[(blk.Length - BlockTailSize)..]);
            long leafBytes = (long)count * LeafEntrySize + BlockTailSize;
            if (leafBytes > blk.Length - pos)
                fs.Fail(diskOffset, $"directory inode {dir.Number}: block tail claims {count} leaf entries, more than fit");
            end = blk.Length - (int)leafBytes;
        }
        bool ftype = sb.HasFtype;
        while (pos < end)
        {
            if (end - pos < EntryAlign)
                fs.Fail(diskOffset + pos, $"directory inode {dir.Number}: truncated entry at the end of the data area");
            if (BinaryPrimitives.ReadUInt16BigEndian(blk[pos..]) == FreeTag)
            {
                int len = BinaryPrimitives.ReadUInt16BigEndian(blk[(pos + 2)..]);
                if (len < EntryAlign || len % EntryAlign != 0 || len > end - pos)
                    fs.Fail(diskOffset + pos, $"directory inode {dir.Number}: free space of {len} bytes is invalid");
                pos += len;
                continue;
            }
            ulong ino = BinaryPrimitives.ReadUInt64BigEndian(blk[pos..]);
            int nameLen = blk[pos + 8];
            int size = (8 + 1 + nameLen + (ftype ? 1 : 0) + 2 + EntryAlign - 1) & ~(EntryAlign - 1);
            if (nameLen == 0 || size > end - pos)
                fs.Fail(diskOffset + pos, $"directory inode {dir.Number}: entry with name length {nameLen} runs past the data area");
            var name = Encoding.UTF8.GetString(blk.Slice(pos + 9, nameLen));
            byte ft = ftype ? blk[pos + 9 + nameLen] : FtUnknown;
            into.Add(new XfsDirEntry(name, ino, ft));
            pos += size;
        }
    }

    public static FileKind KindOf(byte fileType) => fileType switch
    {
        FtRegular => FileKind.File,
        FtDirectory => FileKind.Directory,
        FtSymlink => FileKind.Symlink,
        _ => FileKind.Other,
    };
}
