using System.Buffers.Binary;
using System.Text;

namespace LinuxBootSharp.Storage;

/// <summary>
/// The ext2/3/4 superblock (Documentation/filesystems/ext4/super.rst, struct ext4_super_block in
/// fs/ext4/ext4.h), always 1024 bytes at byte 1024 of the volume. Every value later used as a
/// size, count or divisor is checked here.
/// </summary>
public sealed class ExtSuperblock
{
    public const int Offset = 1024;
    public const int Size = 1024;
    public const ushort Magic = 0xEF53;

    private const int InodesCountOffset = 0x0;
    private const int BlocksCountLoOffset = 0x4;
    private const int FirstDataBlockOffset = 0x14;
    private const int LogBlockSizeOffset = 0x18;
    private const int BlocksPerGroupOffset = 0x20;
    private const int InodesPerGroupOffset = 0x28;
    private const int MagicOffset = 0x38;
    private const int RevLevelOffset = 0x4C;
    private const int InodeSizeOffset = 0x58;
    private const int FeatureCompatOffset = 0x5C;
    private const int FeatureIncompatOffset = 0x60;
    private const int FeatureRoCompatOffset = 0x64;
    private const int UuidOffset = 0x68;
    private const int VolumeNameOffset = 0x78;
    private const int VolumeNameLength = 16;
    private const int DescSizeOffset = 0xFE;
    private const int FirstMetaBgOffset = 0x104;
    private const int BlocksCountHiOffset = 0x150;
    private const int ChecksumTypeOffset = 0x175;
    private const int BackupBgsOffset = 0x24C;
    private const int ChecksumSeedOffset = 0x270;
    private const int ChecksumOffset = 0x3FC;

    /// <summary>s_rev_level 0 (EXT2_GOOD_OLD_REV) has fixed 128-byte inodes.</summary>
    private const int GoodOldInodeSize = 128;
    private const int MinDescSize = 32;
    private const int MinDescSize64 = 64;
    private const byte ChecksumTypeCrc32c = 1;

    /// <summary>Linux mounts block sizes 1 KiB to 64 KiB (EXT4_MIN/MAX_BLOCK_LOG_SIZE).</summary>
    private const int MaxLogBlockSize = 6;

    public uint InodesCount { get; private init; }
    public long BlocksCount { get; private init; }
    public uint FirstDataBlock { get; private init; }
    public int BlockSize { get; private init; }
    public uint BlocksPerGroup { get; private init; }
    public uint InodesPerGroup { get; private init; }
    public int InodeSize { get; private init; }
    public uint Compat { get; private init; }
    public uint Incompat { get; private init; }
    public uint RoCompat { get; private init; }
    public byte[] Uuid { get; private init; } = [];
    public string Label { get; private init; } = "";
    public int DescSize { get; private init; }
    public uint FirstMetaBg { get; private init; }
    public uint[] BackupGroups { get; private init; } = [];
    public long GroupCount { get; private init; }

    /// <summary>Seed for metadata checksums: crc32c(~0, uuid), or s_checksum_seed with metadata_csum_seed.</summary>
    public uint ChecksumSeed { get; private init; }

    public bool Has(uint incompat) => (Incompat & incompat) != 0;
    public bool HasRoCompat(uint ro) => (RoCompat & ro) != 0;
    public bool HasMetadataCsum => HasRoCompat(ExtFeatures.RoCompatMetadataCsum);

    /// <summary>UUID as blkid and GRUB print it: lowercase 8-4-4-4-12, byte order as stored.</summary>
    public string UuidText => FormatUuid(Uuid);

    public static string FormatUuid(ReadOnlySpan<byte> u) => Convert.ToHexStringLower(u) is var h
        ? $"{h[..8]}-{h[8..12]}-{h[12..16]}-{h[16..20]}-{h[20..]}"
        : "";

    /// <summary>blkid's rule (libblkid superblocks/ext.c): ext4 when any feature beyond ext3's
    /// set is on, ext3 with a journal, else ext2.</summary>
    public string TypeName
    {
        get
        {
            const uint ext3Incompat = ExtFeatures.IncompatFiletype | ExtFeatures.IncompatRecover | ExtFeatures.IncompatMetaBg;
            const uint ext3RoCompat = ExtFeatures.RoCompatSparseSuper | ExtFeatures.RoCompatLargeFile | 0x4 /* btree_dir */;
            if ((Incompat & ~ext3Incompat) != 0 || (RoCompat & ~ext3RoCompat) != 0)
                return "ext4";
            return (Compat & ExtFeatures.CompatHasJournal) != 0 ? "ext3" : "ext2";
        }
    }

    /// <summary>Cheap signature test: the magic at 0x438.</summary>
    public static bool HasMagic(IBlockReader volume)
    {
        if (volume.Length < Offset + Size)
            return false;
        Span<byte> m = stackalloc byte[2];
        volume.ReadAt(Offset + MagicOffset, m);
        return BinaryPrimitives.ReadUInt16LittleEndian(m) == Magic;
    }

    /// <summary>Reads and validates; throws <see cref="InvalidDiskFormatException"/> with the offending field.</summary>
    public static ExtSuperblock Read(IBlockReader volume)
    {
        if (volume.Length < Offset + Size)
            Fail(volume, 0, $"volume of {volume.Length} bytes is too small for an ext superblock");
        var sb = volume.ReadBytes(Offset, Size);
        var s = sb.AsSpan();
        if (BinaryPrimitives.ReadUInt16LittleEndian(s[MagicOffset..]) != Magic)
            Fail(volume, MagicOffset, "bad magic");
        uint logBlock = U32(s, LogBlockSizeOffset);
        if (logBlock > MaxLogBlockSize)
            Fail(volume, LogBlockSizeOffset, $"block size 2^(10+{logBlock}) is out of range");
        int blockSize = 1024 << (int)logBlock;
        uint rev = U32(s, RevLevelOffset);
        int inodeSize = rev == 0 ? GoodOldInodeSize : BinaryPrimitives.ReadUInt16LittleEndian(s[InodeSizeOffset..]);
        if (inodeSize < GoodOldInodeSize || inodeSize > blockSize || (inodeSize & (inodeSize - 1)) != 0)
            Fail(volume, InodeSizeOffset, $"inode size {inodeSize} is invalid");
        uint incompat = rev == 0 ? 0 : U32(s, FeatureIncompatOffset);
        uint ro = rev == 0 ? 0 : U32(s, FeatureRoCompatOffset);
        uint compat = rev == 0 ? 0 : U32(s, FeatureCompatOffset);
        long blocks = U32(s, BlocksCountLoOffset);
        if ((incompat & ExtFeatures.Incompat64Bit) != 0)
            blocks |= (long)U32(s, BlocksCountHiOffset) << 32;
        uint firstData = U32(s, FirstDataBlockOffset);
        uint bpg = U32(s, BlocksPerGroupOffset);
        uint ipg = U32(s, InodesPerGroupOffset);
        uint inodes = U32(s, InodesCountOffset);
        // Bitmaps are one block each, so a group can hold at most 8 * block size of either.
        if (bpg == 0 || bpg > blockSize * 8)
            Fail(volume, BlocksPerGroupOffset, $"blocks per group {bpg} is out of range");
        if (ipg == 0 || ipg > blockSize * 8)
            Fail(volume, InodesPerGroupOffset, $"inodes per group {ipg} is out of range");
        if (blocks <= firstData)
            Fail(volume, BlocksCountLoOffset, $"block count {blocks} is not above the first data block {firstData}");
        int descSize = MinDescSize;
        if ((incompat & ExtFeatures.Incompat64Bit) != 0)
        {
            descSize = BinaryPrimitives.ReadUInt16LittleEndian(s[DescSizeOffset..]);
            if (descSize < MinDescSize64 || descSize > blockSize || (descSize & (descSize - 1)) != 0)
                Fail(volume, DescSizeOffset, $"group descriptor size {descSize} is invalid");
        }
        long groups = (blocks - firstData + bpg - 1) / bpg;
        if ((long)ipg * groups < inodes)
            Fail(volume, InodesCountOffset, $"{inodes} inodes do not fit in {groups} groups of {ipg}");

        if ((ro & ExtFeatures.RoCompatMetadataCsum) != 0)
        {
            // fs/ext4/super.c ext4_superblock_csum_verify: crc32c over everything before s_checksum.
            if (s[ChecksumTypeOffset] != ChecksumTypeCrc32c)
                Fail(volume, ChecksumTypeOffset, $"unknown checksum type {s[ChecksumTypeOffset]}");
            uint stored = U32(s, ChecksumOffset);
            uint computed = Crc32.CastagnoliRaw(0xFFFFFFFF, s[..ChecksumOffset]);
            if (stored != computed)
                Fail(volume, ChecksumOffset, $"superblock checksum mismatch (stored 0x{stored:x8}, computed 0x{computed:x8})");
        }
        var uuid = s.Slice(UuidOffset, 16).ToArray();
        uint seed = (incompat & ExtFeatures.IncompatCsumSeed) != 0
            ? U32(s, ChecksumSeedOffset)
            : Crc32.CastagnoliRaw(0xFFFFFFFF, uuid);
        var label = s.Slice(VolumeNameOffset, VolumeNameLength);
        int nul = label.IndexOf((byte)0);
        if (nul >= 0)
            label = label[..nul];
        return new ExtSuperblock
        {
            InodesCount = inodes,
            BlocksCount = blocks,
            FirstDataBlock = firstData,
            BlockSize = blockSize,
            BlocksPerGroup = bpg,
            InodesPerGroup = ipg,
            InodeSize = inodeSize,
            Compat = compat,
            Incompat = incompat,
            RoCompat = ro,
            Uuid = uuid,
            Label = Encoding.UTF8.GetString(label),
            DescSize = descSize,
            FirstMetaBg = U32(s, FirstMetaBgOffset),
            BackupGroups = [U32(s, BackupBgsOffset), U32(s, BackupBgsOffset + 4)],
            GroupCount = groups,
            ChecksumSeed = seed,
        };
    }

    /// <summary>Whether group <paramref name="group"/> holds a superblock backup (fs/ext4/balloc.c ext4_bg_has_super).</summary>
    public bool GroupHasSuper(long group)
    {
        if (group == 0)
            return true;
        if ((Compat & ExtFeatures.CompatSparseSuper2) != 0)
            return group == BackupGroups[0] || group == BackupGroups[1];
        if (group <= 1 || !HasRoCompat(ExtFeatures.RoCompatSparseSuper))
            return true;
        if ((group & 1) == 0)
            return false;
        return IsPowerOf(group, 3) || IsPowerOf(group, 5) || IsPowerOf(group, 7);
    }

    private static bool IsPowerOf(long n, int b)
    {
        long p = b;
        while (p < n)
            p *= b;
        return p == n;
    }

    private static uint U32(ReadOnlySpan<byte> s, int off) => BinaryPrimitives.ReadUInt32LittleEndian(s[off..]);

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Fail(IBlockReader v, long fieldOffset, string problem) =>
        InvalidDiskFormatException.Throw("ext superblock", v.Name, Offset + fieldOffset, problem);
}
