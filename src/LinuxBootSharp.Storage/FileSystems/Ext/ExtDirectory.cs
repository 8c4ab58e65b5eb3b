using System.Buffers.Binary;
using System.Text;

namespace LinuxBootSharp.Storage;

/// <summary>One directory entry as stored: name, inode and (with the filetype feature) type.</summary>
public readonly record struct ExtDirEntry(string Name, uint Inode, byte FileType)
{
    /// <summary>ext4_dir_entry_2.file_type values (Documentation/filesystems/ext4/directory.rst).</summary>
    public FileKind? Kind => FileType switch
    {
        1 => FileKind.File,
        2 => FileKind.Directory,
        7 => FileKind.Symlink,
        3 or 4 or 5 or 6 => FileKind.Other,
        _ => null,
    };
}

/// <summary>
/// Parses linear directory blocks (Documentation/filesystems/ext4/directory.rst). An htree
/// directory is read the same way: its index blocks look like one empty entry spanning the
/// block and its root block holds "." and a ".." spanning the rest, so a linear scan sees
/// every leaf entry exactly once. Entries with inode 0 (deleted, checksum tails) are skipped.
/// </summary>
internal static class ExtDirectory
{
    private const int InodeOffset = 0;
    private const int RecLenOffset = 4;
    private const int NameLenOffset = 6;
    private const int FileTypeOffset = 7;
    private const int NameOffset = 8;

    public static void Parse(ExtFileSystem fs, uint dirInode, ReadOnlySpan<byte> block, long diskOffset, int blockSize, List<ExtDirEntry> into)
    {
        int pos = 0;
        while (pos + NameOffset <= block.Length)
        {
            var e = block[pos..];
            uint ino = BinaryPrimitives.ReadUInt32LittleEndian(e[InodeOffset..]);
            int recLen = DecodeRecLen(BinaryPrimitives.ReadUInt16LittleEndian(e[RecLenOffset..]), blockSize);
            int nameLen = e[NameLenOffset];
            if (recLen < NameOffset || recLen % 4 != 0 || recLen > block.Length - pos || NameOffset + nameLen > recLen)
                fs.Fail(diskOffset + pos, $"directory inode {dirInode}: bad entry (rec_len {recLen}, name_len {nameLen})");
            if (ino != 0 && nameLen > 0)
            {
                var nameBytes = e.Slice(NameOffset, nameLen);
                bool dot = nameLen == 1 && nameBytes[0] == '.';
                bool dotdot = nameLen == 2 && nameBytes[0] == '.' && nameBytes[1] == '.';
                if (!dot && !dotdot)
                {
                    byte type = fs.Super.Has(ExtFeatures.IncompatFiletype) ? e[FileTypeOffset] : (byte)0;
                    into.Add(new ExtDirEntry(Encoding.UTF8.GetString(nameBytes), ino, type));
                }
            }
            pos += recLen;
        }
    }

    /// <summary>rec_len of 64 KiB blocks does not fit 16 bits (fs/ext4/ext4.h ext4_rec_len_from_disk).</summary>
    private static int DecodeRecLen(ushort len, int blockSize)
    {
        if (blockSize < 65536)
            return len;
        if (len == ushort.MaxValue || len == 0)
            return blockSize;
        return (len & 65532) | ((len & 3) << 16);
    }
}
