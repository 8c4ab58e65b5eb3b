using System.Buffers.Binary;

namespace LinuxBootSharp.Storage.FileSystems.Xfs;

/// <summary>
/// One data-fork mapping (struct xfs_bmbt_rec, fs/xfs/libxfs/xfs_format.h): 128 bits, big-endian,
/// laid out as 1 bit unwritten flag, 54 bits file offset, 52 bits start block, 21 bits length,
/// all in file-system blocks.
/// </summary>
public readonly record struct XfsExtent(ulong FileBlock, ulong StartBlock, ulong BlockCount, bool Unwritten)
{
    public const int RecordSize = 16;

    private const int OffsetShift = 9;
    private const ulong OffsetMask = (1UL << 54) - 1;
    private const int StartHighBits = 9;
    private const int StartLowShift = 21;
    private const ulong CountMask = (1UL << 21) - 1;

    public static XfsExtent Decode(ReadOnlySpan<byte> rec)
    {
        ulong l0 = BinaryPrimitives.ReadUInt64BigEndian(rec);
        ulong l1 = BinaryPrimitives.ReadUInt64BigEndian(rec[8..]);
        return new XfsExtent(
            FileBlock: (l0 >> OffsetShift) & OffsetMask,
            StartBlock: ((l0 & ((1UL << StartHighBits) - 1)) << (64 - StartLowShift)) | (l1 >> StartLowShift),
            BlockCount: l1 & CountMask,
            Unwritten: (l0 >> 63) != 0);
    }

    public ulong EndFileBlock => FileBlock + BlockCount;
}
