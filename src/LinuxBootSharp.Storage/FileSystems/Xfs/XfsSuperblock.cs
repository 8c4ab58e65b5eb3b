using System.Buffers.Binary;
using System.Text;

namespace LinuxBootSharp.Storage.FileSystems.Xfs;

/// <summary>
/// The primary superblock (struct xfs_dsb, fs/xfs/libxfs/xfs_format.h), big-endian, at byte 0
/// of the file system. Only the fields a reader needs are kept; every geometry value is
/// validated against the limits mkfs.xfs and the kernel enforce before it is used to compute
/// an offset.
/// </summary>
public sealed class XfsSuperblock
{
    public const string Format = "xfs";
    public const uint Magic = 0x58465342; // "XFSB"

    /// <summary>Bytes read from the start of the device: a superblock sector is at least 512 bytes.</summary>
    public const int ReadSize = 512;

    // Field offsets in struct xfs_dsb.
    private const int OffMagic = 0;
    private const int OffBlockSize = 4;
    private const int OffDataBlocks = 8;
    private const int OffUuid = 32;
    private const int OffRootIno = 56;
    private const int OffAgBlocks = 84;
    private const int OffAgCount = 88;
    private const int OffVersion = 100;
    private const int OffSectSize = 102;
    private const int OffInodeSize = 104;
    private const int OffInoPerBlock = 106;
    private const int OffFName = 108;
    private const int FNameLength = 12;
    private const int OffBlockLog = 120;
    private const int OffInodeLog = 122;
    private const int OffInoPBLog = 123;
    private const int OffAgBlkLog = 124;
    private const int OffDirBlkLog = 192;
    private const int OffFeatures2 = 200;
    private const int OffFeaturesRoCompat = 212;
    private const int OffFeaturesIncompat = 216;
    private const int OffMetaUuid = 248;

    // sb_versionnum bits (XFS_SB_VERSION_*).
    private const ushort VersionNumMask = 0x000f;
    private const ushort VersionDirV2Bit = 0x2000;
    private const ushort VersionBorgBit = 0x4000; // ascii-ci names
    private const ushort VersionMoreBitsBit = 0x8000;
    private const ushort VersionSharedBit = 0x0200;

    // sb_features2 bits (XFS_SB_VERSION2_*).
    private const uint Features2Ftype = 0x200;

    // Geometry limits from xfs_format.h / xfs_sb.c (xfs_validate_sb_common).
    private const int MinBlockLog = 9;
    private const int MaxBlockLog = 16;
    private const int MinInodeLog = 8;
    private const int MaxInodeLog = 11;
    private const int MaxDirBlockBytes = 65536;

    public required int Version { get; init; }
    public required int BlockSize { get; init; }
    public required int BlockLog { get; init; }
    public required long DataBlocks { get; init; }
    public required Guid Uuid { get; init; }
    public required byte[] UuidBytes { get; init; }
    public required byte[] MetaUuidBytes { get; init; }
    public required ulong RootIno { get; init; }
    public required uint AgBlocks { get; init; }
    public required uint AgCount { get; init; }
    public required int AgBlockLog { get; init; }
    public required int InodeSize { get; init; }
    public required int InodesPerBlockLog { get; init; }
    public required int DirBlockSize { get; init; }
    public required string Label { get; init; }
    public required bool HasFtype { get; init; }
    public required bool AsciiCaseInsensitive { get; init; }
    public required uint IncompatFeatures { get; init; }
    public required uint RoCompatFeatures { get; init; }

    public bool IsV5 => Version == 5;

    /// <summary>True when the first sector carries the XFS magic (a cheap probe).</summary>
    public static bool HasMagic(ReadOnlySpan<byte> sector) =>
        sector.Length >= 4 && BinaryPrimitives.ReadUInt32BigEndian(sector) == Magic;

    public static XfsSuperblock Parse(ReadOnlySpan<byte> b, string device)
    {
        void Bad(int off, string problem) => InvalidDiskFormatException.Throw(Format, device, off, problem);

        if (b.Length < ReadSize)
            Bad(0, $"superblock needs {ReadSize} bytes, have {b.Length}");
        if (BinaryPrimitives.ReadUInt32BigEndian(b[OffMagic..]) != Magic)
            Bad(OffMagic, "bad superblock magic (expected XFSB)");

        ushort versionNum = BinaryPrimitives.ReadUInt16BigEndian(b[OffVersion..]);
        int version = versionNum & VersionNumMask;
        if (version != 4 && version != 5)
            Bad(OffVersion, $"superblock version {version} is not supported (only 4 and 5)");
        if (version == 4 && (versionNum & VersionDirV2Bit) == 0)
            Bad(OffVersion, "version 1 directories (no DIRV2 bit) are not supported; the kernel dropped them too");
        if ((versionNum & VersionSharedBit) != 0)
            Bad(OffVersion, "the 'shared' version bit is set; no kernel ever supported it");

        uint blockSize = BinaryPrimitives.ReadUInt32BigEndian(b[OffBlockSize..]);
        int blockLog = b[OffBlockLog];
        if (blockLog < MinBlockLog || blockLog > MaxBlockLog || blockSize != 1u << blockLog)
            Bad(OffBlockSize, $"block size {blockSize} (log {blockLog}) is not a power of two between 512 and 65536");

        int inodeSize = BinaryPrimitives.ReadUInt16BigEndian(b[OffInodeSize..]);
        int inodeLog = b[OffInodeLog];
        if (inodeLog < MinInodeLog || inodeLog > MaxInodeLog || inodeSize != 1 << inodeLog || inodeSize > blockSize)
            Bad(OffInodeSize, $"inode size {inodeSize} (log {inodeLog}) is invalid for block size {blockSize}");
        if (version == 5 && inodeSize < 512)
            Bad(OffInodeSize, $"inode size {inodeSize} is too small for a v5 file system (minimum 512)");

        int inoPbLog = b[OffInoPBLog];
        int inoPerBlock = BinaryPrimitives.ReadUInt16BigEndian(b[OffInoPerBlock..]);
        if (inoPbLog != blockLog - inodeLog || inoPerBlock != 1 << inoPbLog)
            Bad(OffInoPBLog, $"inodes per block {inoPerBlock} (log {inoPbLog}) does not match block and inode size");

        uint agBlocks = BinaryPrimitives.ReadUInt32BigEndian(b[OffAgBlocks..]);
        uint agCount = BinaryPrimitives.ReadUInt32BigEndian(b[OffAgCount..]);
        int agBlkLog = b[OffAgBlkLog];
        // sb_agblklog is log2(agblocks) rounded up (xfs_sb.c checks exactly this).
        if (agBlocks < 2 || agBlkLog > 31 || agBlkLog + inoPbLog > 56 || (1UL << agBlkLog) < agBlocks || (agBlkLog > 0 && (1UL << (agBlkLog - 1)) >= agBlocks))
            Bad(OffAgBlocks, $"allocation group size {agBlocks} blocks does not match agblklog {agBlkLog}");
        if (agCount == 0)
            Bad(OffAgCount, "allocation group count is 0");

        long dataBlocks = (long)BinaryPrimitives.ReadUInt64BigEndian(b[OffDataBlocks..]);
        if (dataBlocks <= 0 || (ulong)dataBlocks > (ulong)agCount * agBlocks)
            Bad(OffDataBlocks, $"data block count {dataBlocks} does not fit {agCount} groups of {agBlocks} blocks");

        int dirBlkLog = b[OffDirBlkLog];
        long dirBlockSize = (long)blockSize << Math.Min(dirBlkLog, 16);
        if (dirBlkLog > 16 || dirBlockSize > MaxDirBlockBytes)
            Bad(OffDirBlkLog, $"directory block size {blockSize}<<{dirBlkLog} exceeds {MaxDirBlockBytes}");

        uint features2 = (versionNum & VersionMoreBitsBit) != 0 ? BinaryPrimitives.ReadUInt32BigEndian(b[OffFeatures2..]) : 0;
        uint incompat = version == 5 ? BinaryPrimitives.ReadUInt32BigEndian(b[OffFeaturesIncompat..]) : 0;
        uint roCompat = version == 5 ? BinaryPrimitives.ReadUInt32BigEndian(b[OffFeaturesRoCompat..]) : 0;
        uint unknown = incompat & ~XfsFeatures.SupportedIncompatMask;
        if (unknown != 0)
            Bad(OffFeaturesIncompat, $"unsupported incompatible feature(s): {XfsFeatures.DescribeIncompat(unknown)}; refusing to guess the layout");

        var uuid = b.Slice(OffUuid, 16).ToArray();
        var metaUuid = (incompat & XfsFeatures.IncompatMetaUuid) != 0 ? b.Slice(OffMetaUuid, 16).ToArray() : uuid;
        var fname = b.Slice(OffFName, FNameLength);
        int nul = fname.IndexOf((byte)0);
        if (nul >= 0)
            fname = fname[..nul];

        return new XfsSuperblock
        {
            Version = version,
            BlockSize = (int)blockSize,
            BlockLog = blockLog,
            DataBlocks = dataBlocks,
            Uuid = new Guid(uuid, bigEndian: true),
            UuidBytes = uuid,
            MetaUuidBytes = metaUuid,
            RootIno = BinaryPrimitives.ReadUInt64BigEndian(b[OffRootIno..]),
            AgBlocks = agBlocks,
            AgCount = agCount,
            AgBlockLog = agBlkLog,
            InodeSize = inodeSize,
            InodesPerBlockLog = inoPbLog,
            DirBlockSize = (int)dirBlockSize,
            Label = Encoding.UTF8.GetString(fname),
            HasFtype = version == 5 ? (incompat & XfsFeatures.IncompatFtype) != 0 : (features2 & Features2Ftype) != 0,
            AsciiCaseInsensitive = (versionNum & VersionBorgBit) != 0,
            IncompatFeatures = incompat,
            RoCompatFeatures = roCompat,
        };
    }

    /// <summary>Lowercase 8-4-4-4-12, as blkid and GRUB print an XFS UUID.</summary>
    public string UuidString => Uuid.ToString("D");

    /// <summary>Byte offset of a file-system block number (agno in the high bits, agbno in the low agblklog bits).</summary>
    public bool TryFsBlockToOffset(ulong fsblock, out long offset)
    {
        ulong agno = fsblock >> AgBlockLog;
        ulong agbno = fsblock & ((1UL << AgBlockLog) - 1);
        offset = 0;
        if (agno >= AgCount || agbno >= AgBlocks)
            return false;
        offset = (long)((agno * AgBlocks + agbno) << BlockLog);
        return true;
    }

    /// <summary>Byte offset of an inode: ino = agno | agbno | index-in-block (xfs_format.h XFS_INO_TO_*).</summary>
    public bool TryInodeToOffset(ulong ino, out long offset)
    {
        int inoBits = AgBlockLog + InodesPerBlockLog;
        ulong agno = ino >> inoBits;
        ulong agino = ino & ((1UL << inoBits) - 1);
        ulong agbno = agino >> InodesPerBlockLog;
        ulong index = agino & ((1UL << InodesPerBlockLog) - 1);
        offset = 0;
        if (agno >= AgCount || agbno >= AgBlocks)
            return false;
        offset = (long)(((agno * AgBlocks + agbno) << BlockLog) + index * (ulong)InodeSize);
        return true;
    }
}
