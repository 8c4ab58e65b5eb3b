using System.Buffers.Binary;

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
    private const int MbrSignatureOffset = 510;
    private const int MbrPartitionTable = 446;
    private const int MbrEntrySize = 16;
    private const int GptHeaderOffset = 512;

    public bool IsHybrid => HasMbr || HasGpt;

    public static IsoSystemArea Parse(ReadOnlySpan<byte> first1k)
    {
        bool mbr = false;
        if (BinaryPrimitives.ReadUInt16LittleEndian(first1k[MbrSignatureOffset..]) == 0xAA55)
        {
            for (int i = 0; i < 4; i++)
            {
                var entry = first1k.Slice(MbrPartitionTable + i * MbrEntrySize, MbrEntrySize);
                if (entry[4] != 0) // partition type byte: 0 means unused
                    mbr = true;
            }
        }
        bool gpt = first1k.Slice(GptHeaderOffset, 8).SequenceEqual("EFI PART"u8);
        return new IsoSystemArea(mbr, gpt);
    }
}
