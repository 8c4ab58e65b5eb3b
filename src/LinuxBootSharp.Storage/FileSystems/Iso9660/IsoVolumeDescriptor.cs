using System.Buffers.Binary;
using System.Text;

namespace LinuxBootSharp.Storage.FileSystems.Iso9660;

/// <summary>
/// A primary (type 1) or supplementary (type 2, Joliet) volume descriptor (ECMA-119 8.4 and
/// 8.5). Numbers are recorded both-endian (ECMA-119 7.2.3 / 7.3.3); the little-endian half is
/// read. Dates are the 17-byte character form of ECMA-119 8.4.26.1.
/// </summary>
public sealed class IsoVolumeDescriptor
{
    public const int SectorSize = 2048;

    /// <summary>Volume descriptors start after the 32 KiB system area (ECMA-119 6.2.1, 8.1).</summary>
    public const long FirstDescriptorOffset = 16 * SectorSize;

    public const byte TypeBootRecord = 0;
    public const byte TypePrimary = 1;
    public const byte TypeSupplementary = 2;
    public const byte TypeTerminator = 255;

    private const int OffType = 0;
    private const int OffStandardId = 1;
    private const int OffSystemId = 8;
    private const int OffVolumeId = 40;
    private const int IdLength = 32;
    private const int OffVolumeSpaceSize = 80;
    private const int OffEscapes = 88;
    private const int EscapesLength = 32;
    private const int OffBlockSize = 128;
    internal const int OffRootRecord = 156;
    private const int RootRecordLength = 34;
    private const int OffCreated = 813;
    private const int OffModified = 830;
    private const int DateLength = 17;

    public static ReadOnlySpan<byte> StandardId => "CD001"u8;

    public required byte Type { get; init; }

    /// <summary>Joliet level 1..3 (escape sequences %/@, %/C, %/E) for a supplementary descriptor, else 0.</summary>
    public required int JolietLevel { get; init; }
    public required string SystemId { get; init; }
    public required string VolumeId { get; init; }
    public required long VolumeBlocks { get; init; }
    public required int BlockSize { get; init; }
    public required byte[] RootRecord { get; init; }

    /// <summary>The raw 16 date digits ("2024013112000000"), or null when the date is unset (all zeros).</summary>
    public required string? CreatedDigits { get; init; }
    public required string? ModifiedDigits { get; init; }

    public static bool HasStandardId(ReadOnlySpan<byte> d) => d.Length >= 7 && d.Slice(OffStandardId, 5).SequenceEqual(StandardId);

    public static IsoVolumeDescriptor Parse(ReadOnlySpan<byte> d, long offset, string device)
    {
        byte type = d[OffType];
        int joliet = 0;
        if (type == TypeSupplementary)
        {
            var esc = d.Slice(OffEscapes, EscapesLength);
            // Joliet: "%/@", "%/C" or "%/E" among the escape sequences (Joliet specification 5.1).
            if (esc.IndexOf("%/@"u8) >= 0) joliet = 1;
            else if (esc.IndexOf("%/C"u8) >= 0) joliet = 2;
            else if (esc.IndexOf("%/E"u8) >= 0) joliet = 3;
        }
        int blockSize = BinaryPrimitives.ReadUInt16LittleEndian(d[OffBlockSize..]);
        // ECMA-119 6.1.2: the logical block size is 2^(n+9) and at most the sector size.
        if (blockSize is not (512 or 1024 or 2048))
            InvalidDiskFormatException.Throw(Iso9660FileTree.Format, device, offset + OffBlockSize, $"logical block size {blockSize} is not 512, 1024 or 2048");
        return new IsoVolumeDescriptor
        {
            Type = type,
            JolietLevel = joliet,
            SystemId = DecodeId(d.Slice(OffSystemId, IdLength), joliet != 0),
            VolumeId = DecodeId(d.Slice(OffVolumeId, IdLength), joliet != 0),
            VolumeBlocks = BinaryPrimitives.ReadUInt32LittleEndian(d[OffVolumeSpaceSize..]),
            BlockSize = blockSize,
            RootRecord = d.Slice(OffRootRecord, RootRecordLength).ToArray(),
            CreatedDigits = DateDigits(d.Slice(OffCreated, DateLength)),
            ModifiedDigits = DateDigits(d.Slice(OffModified, DateLength)),
        };
    }

    /// <summary>a-/d-characters padded with spaces; Joliet identifiers are UCS-2 big-endian.</summary>
    private static string DecodeId(ReadOnlySpan<byte> b, bool ucs2)
    {
        var s = ucs2 ? Encoding.BigEndianUnicode.GetString(b[..(b.Length & ~1)]) : Encoding.Latin1.GetString(b);
        return s.TrimEnd(' ', '\0');
    }

    private static string? DateDigits(ReadOnlySpan<byte> date)
    {
        var digits = date[..16];
        foreach (var c in digits)
            if (c < '0' || c > '9')
                return null;
        // ECMA-119 8.4.26.1: "0000000000000000" with a zero offset means "not specified".
        if (digits.IndexOfAnyExcept((byte)'0') < 0)
            return null;
        return Encoding.ASCII.GetString(digits);
    }

    /// <summary>
    /// The UUID GRUB (fs/iso9660.c) and udev/blkid print for a CD: the modification date's 16
    /// digits as "YYYY-MM-DD-HH-MM-SS-CC". When that date is unset blkid falls back to the
    /// creation date (GRUB then has no UUID); this follows blkid, which udev's by-uuid links use.
    /// </summary>
    public string? Uuid
    {
        get
        {
            var d = ModifiedDigits ?? CreatedDigits;
            return d is null ? null : $"{d[..4]}-{d[4..6]}-{d[6..8]}-{d[8..10]}-{d[10..12]}-{d[12..14]}-{d[14..16]}";
        }
    }
}
