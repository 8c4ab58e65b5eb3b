namespace LinuxBootSharp.Storage.FileSystems.Iso9660;

/// <summary>
/// What the 32 KiB system area before the volume descriptors holds (ECMA-119 6.2.1 leaves it to
/// the system): isohybrid images put an MBR (0x55AA at byte 510 with a partition entry) and/or
/// a GPT header ("EFI PART" at byte 512, LBA 1 of a 512-byte-sector disk) there, so the same
/// image boots from a USB stick. The partition readers handle the tables themselves; this only
/// recognises them.
/// </summary>
public readonly record struct IsoSystemArea(bool HasMbr, bool HasGpt)
{
    private const int GptHeaderOffset = 512;

    public bool IsHybrid => HasMbr || HasGpt;

    /// <summary>The same signature checks the partition readers apply (<see cref="MbrReader"/>, <see cref="GptReader"/>).</summary>
    public static IsoSystemArea Parse(ReadOnlySpan<byte> first1k) =>
        new(MbrReader.HasAnyEntry(first1k), GptReader.HasSignature(first1k[GptHeaderOffset..]));
}
