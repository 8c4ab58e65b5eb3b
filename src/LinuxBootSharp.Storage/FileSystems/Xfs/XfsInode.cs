using System.Buffers.Binary;

namespace LinuxBootSharp.Storage.FileSystems.Xfs;

/// <summary>Data fork formats (enum xfs_dinode_fmt, fs/xfs/libxfs/xfs_format.h).</summary>
public enum XfsForkFormat : byte
{
    Device = 0,
    Local = 1,
    Extents = 2,
    Btree = 3,
}

/// <summary>
/// An on-disk inode (struct xfs_dinode): the core fields a reader needs and a copy of the data
/// fork's literal area. Version 1/2 inodes have a 100-byte core, version 3 (v5 file systems)
/// a 176-byte core with CRC, flags2 and the inode's own number.
/// </summary>
public sealed class XfsInode
{
    public const ushort Magic = 0x494e; // "IN"

    private const int OffMagic = 0;
    private const int OffMode = 2;
    private const int OffVersion = 4;
    private const int OffFormat = 5;
    private const int OffBigNextents = 24; // di_big_nextents, only with XFS_DIFLAG2_NREXT64
    private const int OffMtime = 40;
    private const int OffSize = 56;
    private const int OffNextents = 76;
    private const int OffForkOff = 82;
    private const int OffFlags2 = 120;
    private const int OffIno = 152;
    private const int CoreSizeV2 = 100;
    private const int CoreSizeV3 = 176;

    private const ulong Flags2BigTime = 1UL << 3;
    private const ulong Flags2Nrext64 = 1UL << 4;

    /// <summary>Bigtime timestamps count nanoseconds from the old signed 32-bit epoch minimum (xfs_format.h XFS_BIGTIME_EPOCH_OFFSET).</summary>
    private const long BigTimeEpochOffset = 1L << 31;

    public required ulong Number { get; init; }
    public required ushort Mode { get; init; }
    public required XfsForkFormat Format { get; init; }
    public required long Size { get; init; }
    public required ulong ExtentCount { get; init; }
    public required DateTimeOffset? Modified { get; init; }

    /// <summary>The data fork's literal area (inline data, extent records or the bmbt root).</summary>
    public required byte[] DataFork { get; init; }

    /// <summary>Byte offset of the inode on the device, for error messages.</summary>
    public required long DiskOffset { get; init; }

    public FileKind Kind => (Mode & 0xF000) switch
    {
        0x8000 => FileKind.File,
        0x4000 => FileKind.Directory,
        0xA000 => FileKind.Symlink,
        _ => FileKind.Other,
    };

    public static XfsInode Parse(ReadOnlySpan<byte> b, ulong ino, long diskOffset, XfsSuperblock sb, string device)
    {
        void Bad(int off, string problem) =>
            InvalidDiskFormatException.Throw(XfsSuperblock.Format, device, diskOffset + off, $"inode {ino}: {problem}");

        if (BinaryPrimitives.ReadUInt16BigEndian(b[OffMagic..]) != Magic)
            Bad(OffMagic, "bad inode magic (expected IN)");
        int version = b[OffVersion];
        if (version < 1 || version > 3 || (version == 3) != sb.IsV5)
            Bad(OffVersion, $"inode version {version} does not match a v{sb.Version} file system");
        int coreSize = version == 3 ? CoreSizeV3 : CoreSizeV2;
        if (version == 3 && BinaryPrimitives.ReadUInt64BigEndian(b[OffIno..]) != ino)
            Bad(OffIno, $"inode records its own number as {BinaryPrimitives.ReadUInt64BigEndian(b[OffIno..])}");

        ushort mode = BinaryPrimitives.ReadUInt16BigEndian(b[OffMode..]);
        byte format = b[OffFormat];
        if (format > (byte)XfsForkFormat.Btree)
            Bad(OffFormat, $"data fork format {format} is not supported");
        long size = BinaryPrimitives.ReadInt64BigEndian(b[OffSize..]);
        if (size < 0)
            Bad(OffSize, $"negative size {size}");

        ulong flags2 = version == 3 ? BinaryPrimitives.ReadUInt64BigEndian(b[OffFlags2..]) : 0;
        ulong nextents = (flags2 & Flags2Nrext64) != 0
            ? BinaryPrimitives.ReadUInt64BigEndian(b[OffBigNextents..])
            : BinaryPrimitives.ReadUInt32BigEndian(b[OffNextents..]);

        // di_forkoff is the attribute fork's offset in 8-byte units; 0 means no attribute fork.
        int forkOff = b[OffForkOff] * 8;
        int literal = sb.InodeSize - coreSize;
        int dataForkSize = forkOff == 0 ? literal : forkOff;
        if (dataForkSize > literal)
            Bad(OffForkOff, $"attribute fork offset {forkOff} lies beyond the inode's literal area ({literal} bytes)");

        return new XfsInode
        {
            Number = ino,
            Mode = mode,
            Format = (XfsForkFormat)format,
            Size = size,
            ExtentCount = nextents,
            Modified = ReadTime(b[OffMtime..], (flags2 & Flags2BigTime) != 0),
            DataFork = b.Slice(coreSize, dataForkSize).ToArray(),
            DiskOffset = diskOffset,
        };
    }

    private static DateTimeOffset? ReadTime(ReadOnlySpan<byte> t, bool bigTime)
    {
        long seconds;
        long nanos;
        if (bigTime)
        {
            ulong v = BinaryPrimitives.ReadUInt64BigEndian(t);
            seconds = (long)(v / 1_000_000_000UL) - BigTimeEpochOffset;
            nanos = (long)(v % 1_000_000_000UL);
        }
        else
        {
            seconds = BinaryPrimitives.ReadInt32BigEndian(t);
            nanos = BinaryPrimitives.ReadUInt32BigEndian(t[4..]);
            if (nanos >= 1_000_000_000)
                nanos = 0;
        }
        try
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(nanos / 100);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
