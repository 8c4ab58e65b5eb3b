using System.Buffers.Binary;

namespace LinuxBootSharp.Storage;

/// <summary>
/// One inode (Documentation/filesystems/ext4/inodes.rst, struct ext4_inode). Keeps the raw
/// bytes because inline data and its extended attribute live inside them.
/// </summary>
public sealed class ExtInode
{
    private const int ModeOffset = 0x0;
    private const int SizeLoOffset = 0x4;
    private const int MtimeOffset = 0x10;
    private const int LinksCountOffset = 0x1A;
    private const int FlagsOffset = 0x20;
    public const int BlockArrayOffset = 0x28;
    public const int BlockArrayLength = 60;
    private const int GenerationOffset = 0x64;
    private const int SizeHighOffset = 0x6C;
    private const int ChecksumLoOffset = 0x7C;
    public const int GoodOldSize = 128;
    private const int ExtraIsizeOffset = 0x80;
    private const int ChecksumHiOffset = 0x82;
    private const int MtimeExtraOffset = 0x88;

    // i_flags (EXT4_*_FL in fs/ext4/ext4.h)
    public const uint IndexFlag = 0x1000;
    public const uint EncryptFlag = 0x800;
    public const uint ExtentsFlag = 0x80000;
    public const uint InlineDataFlag = 0x10000000;
    public const uint CasefoldFlag = 0x40000000;

    // i_mode file type bits (include/uapi/linux/stat.h)
    private const uint TypeMask = 0xF000;
    private const uint TypeRegular = 0x8000;
    private const uint TypeDirectory = 0x4000;
    private const uint TypeSymlink = 0xA000;

    public ExtInode(uint number, byte[] raw)
    {
        Number = number;
        Raw = raw;
        var s = raw.AsSpan();
        Mode = BinaryPrimitives.ReadUInt16LittleEndian(s[ModeOffset..]);
        Flags = BinaryPrimitives.ReadUInt32LittleEndian(s[FlagsOffset..]);
        ulong size = BinaryPrimitives.ReadUInt32LittleEndian(s[SizeLoOffset..])
            | (ulong)BinaryPrimitives.ReadUInt32LittleEndian(s[SizeHighOffset..]) << 32;
        SizeRaw = size;
        LinksCount = BinaryPrimitives.ReadUInt16LittleEndian(s[LinksCountOffset..]);
        Generation = BinaryPrimitives.ReadUInt32LittleEndian(s[GenerationOffset..]);
        ExtraIsize = raw.Length > GoodOldSize + 2 ? BinaryPrimitives.ReadUInt16LittleEndian(s[ExtraIsizeOffset..]) : 0;
        long mtime = BinaryPrimitives.ReadInt32LittleEndian(s[MtimeOffset..]);
        // The two low bits of i_mtime_extra extend the epoch past 2038 (inodes.rst, "Inode Timestamps").
        if (GoodOldSize + ExtraIsize >= MtimeExtraOffset + 4 && raw.Length >= MtimeExtraOffset + 4)
            mtime += (long)(BinaryPrimitives.ReadUInt32LittleEndian(s[MtimeExtraOffset..]) & 3) << 32;
        MtimeSeconds = mtime;
    }

    public uint Number { get; }
    public byte[] Raw { get; }
    public uint Mode { get; }
    public uint Flags { get; }
    public ulong SizeRaw { get; }
    public uint LinksCount { get; }
    public uint Generation { get; }
    public int ExtraIsize { get; }
    public long MtimeSeconds { get; }

    public long Size => (long)Math.Min(SizeRaw, long.MaxValue);

    public ReadOnlySpan<byte> BlockArray => Raw.AsSpan(BlockArrayOffset, BlockArrayLength);

    public bool HasFlag(uint f) => (Flags & f) != 0;

    public FileKind Kind => (Mode & TypeMask) switch
    {
        TypeRegular => FileKind.File,
        TypeDirectory => FileKind.Directory,
        TypeSymlink => FileKind.Symlink,
        _ => FileKind.Other,
    };

    /// <summary>Byte offset where in-inode extended attributes start (after i_extra_isize).</summary>
    public int InlineXattrStart => GoodOldSize + ExtraIsize;

    /// <summary>
    /// fs/ext4/inode.c ext4_inode_csum: crc32c over inode number, generation and the inode with
    /// both checksum halves zeroed. Only the low 16 bits exist in a 128-byte inode.
    /// </summary>
    public bool VerifyChecksum(uint seed)
    {
        Span<byte> le = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(le, Number);
        uint crc = Crc32.CastagnoliRaw(seed, le);
        BinaryPrimitives.WriteUInt32LittleEndian(le, Generation);
        crc = Crc32.CastagnoliRaw(crc, le);
        var copy = (byte[])Raw.Clone();
        uint stored = BinaryPrimitives.ReadUInt16LittleEndian(copy.AsSpan(ChecksumLoOffset));
        copy[ChecksumLoOffset] = copy[ChecksumLoOffset + 1] = 0;
        bool hasHi = Raw.Length > GoodOldSize && GoodOldSize + ExtraIsize >= ChecksumHiOffset + 2;
        if (hasHi)
        {
            stored |= (uint)BinaryPrimitives.ReadUInt16LittleEndian(copy.AsSpan(ChecksumHiOffset)) << 16;
            copy[ChecksumHiOffset] = copy[ChecksumHiOffset + 1] = 0;
        }
        crc = Crc32.CastagnoliRaw(crc, copy);
        return hasHi ? crc == stored : (crc & 0xFFFF) == stored;
    }
}
