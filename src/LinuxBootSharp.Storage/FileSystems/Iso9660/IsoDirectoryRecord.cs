using System.Buffers.Binary;

namespace LinuxBootSharp.Storage.FileSystems.Iso9660;

/// <summary>One directory record (ECMA-119 9.1), as read from a directory extent.</summary>
internal readonly struct IsoDirectoryRecord
{
    public const int MinLength = 34; // 33 fixed bytes plus a 1-byte identifier

    private const int OffLength = 0;
    private const int OffExtAttrLength = 1;
    private const int OffExtent = 2;
    private const int OffDataLength = 10;
    private const int OffDate = 18;
    private const int OffFlags = 25;
    private const int OffNameLength = 32;
    private const int OffName = 33;

    // File flags (ECMA-119 9.1.6).
    public const byte FlagDirectory = 0x02;
    public const byte FlagAssociated = 0x04;
    public const byte FlagMultiExtent = 0x80;

    public int Length { get; init; }
    public uint Extent { get; init; }
    public uint DataLength { get; init; }
    public byte Flags { get; init; }
    public byte[] Identifier { get; init; }
    public DateTimeOffset? Recorded { get; init; }

    /// <summary>Where the system use area (SUSP / Rock Ridge) starts inside the record, and its length.</summary>
    public int SystemUseOffset { get; init; }
    public int SystemUseLength { get; init; }

    public bool IsDirectory => (Flags & FlagDirectory) != 0;
    public bool IsMultiExtent => (Flags & FlagMultiExtent) != 0;

    /// <summary>Identifier 0x00 is the directory itself, 0x01 its parent (ECMA-119 6.8.2.2).</summary>
    public bool IsSelf => Identifier.Length == 1 && Identifier[0] == 0;
    public bool IsParent => Identifier.Length == 1 && Identifier[0] == 1;

    /// <summary>Parses the record at the start of <paramref name="b"/>; null when the length is invalid.</summary>
    public static IsoDirectoryRecord? TryParse(ReadOnlySpan<byte> b)
    {
        int len = b[OffLength];
        if (len < MinLength || len > b.Length)
            return null;
        int nameLen = b[OffNameLength];
        if (nameLen == 0 || OffName + nameLen > len)
            return null;
        // The identifier is followed by a pad byte when its length is even (ECMA-119 9.1.12).
        int su = OffName + nameLen + ((nameLen & 1) == 0 ? 1 : 0);
        int extAttr = b[OffExtAttrLength];
        return new IsoDirectoryRecord
        {
            Length = len,
            Extent = BinaryPrimitives.ReadUInt32LittleEndian(b[OffExtent..]) + (uint)extAttr,
            DataLength = BinaryPrimitives.ReadUInt32LittleEndian(b[OffDataLength..]),
            Flags = b[OffFlags],
            Identifier = b.Slice(OffName, nameLen).ToArray(),
            Recorded = ReadDate(b.Slice(OffDate, 7)),
            SystemUseOffset = Math.Min(su, len),
            SystemUseLength = Math.Max(0, len - su),
        };
    }

    /// <summary>The 7-byte binary date of ECMA-119 9.1.5: years since 1900, month, day, h, m, s, offset in 15-minute steps.</summary>
    internal static DateTimeOffset? ReadDate(ReadOnlySpan<byte> d)
    {
        if (d[1] < 1 || d[1] > 12 || d[2] < 1 || d[2] > 31 || d[3] > 23 || d[4] > 59 || d[5] > 59)
            return null;
        int offsetQuarters = (sbyte)d[6];
        if (offsetQuarters < -48 || offsetQuarters > 52)
            offsetQuarters = 0;
        try
        {
            return new DateTimeOffset(1900 + d[0], d[1], d[2], d[3], d[4], d[5], TimeSpan.FromMinutes(15 * offsetQuarters));
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
