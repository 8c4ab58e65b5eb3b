using System.Buffers.Binary;
using System.Text;

namespace LinuxBootSharp.Storage.FileSystems.Iso9660;

/// <summary>El Torito platform IDs (El Torito 1.0, section 2.1, and the UEFI specification's 0xEF).</summary>
public enum ElToritoPlatform : byte
{
    X86 = 0x00,
    PowerPc = 0x01,
    Mac = 0x02,
    Efi = 0xEF,
}

/// <summary>Boot media emulation (El Torito 2.2, offset 1 of an entry).</summary>
public enum ElToritoMedia : byte
{
    NoEmulation = 0,
    Floppy12 = 1,
    Floppy144 = 2,
    Floppy288 = 3,
    HardDisk = 4,
}

/// <summary>
/// One boot image: the initial/default entry or a section entry (El Torito 2.2 and 2.4).
/// <see cref="SectorCount"/> counts 512-byte virtual sectors; <see cref="LoadRba"/> is the
/// image's logical block on the CD.
/// </summary>
public sealed record ElToritoEntry(
    ElToritoPlatform Platform,
    bool Bootable,
    ElToritoMedia Media,
    ushort LoadSegment,
    byte SystemType,
    ushort SectorCount,
    uint LoadRba,
    string? SectionId);

/// <summary>
/// The El Torito boot catalog (El Torito "Bootable CD-ROM Format Specification" 1.0): a
/// validation entry, the default entry, then section headers (0x90 more follow, 0x91 last) each
/// followed by its section entries and their 0x44 extensions. Parsing stops at the end of the
/// catalog sector or at the final section, whichever comes first.
/// </summary>
public sealed class ElToritoCatalog
{
    public const int EntrySize = 32;

    private const byte HeaderValidation = 0x01;
    private const byte HeaderMoreSections = 0x90;
    private const byte HeaderFinalSection = 0x91;
    private const byte EntryExtension = 0x44;
    private const byte Bootable = 0x88;

    public required uint CatalogBlock { get; init; }
    public required ElToritoPlatform ValidationPlatform { get; init; }
    public required string ManufacturerId { get; init; }
    public required IReadOnlyList<ElToritoEntry> Entries { get; init; }

    public static ElToritoCatalog Parse(ReadOnlySpan<byte> sector, uint block, long diskOffset, string device)
    {
        void Bad(int off, string problem) => InvalidDiskFormatException.Throw(Iso9660FileTree.Format, device, diskOffset + off, "El Torito catalog: " + problem);

        // Validation entry (2.1): header 1, key bytes 55 AA, 16-bit words summing to zero.
        if (sector[0] != HeaderValidation || sector[30] != 0x55 || sector[31] != 0xAA)
            Bad(0, "validation entry lacks header 01 and key 55 AA");
        ushort sum = 0;
        for (int i = 0; i < EntrySize; i += 2)
            sum += BinaryPrimitives.ReadUInt16LittleEndian(sector[i..]);
        if (sum != 0)
            Bad(28, "validation entry checksum does not sum to zero");
        var platform = (ElToritoPlatform)sector[1];
        var entries = new List<ElToritoEntry> { ParseEntry(sector.Slice(EntrySize, EntrySize), platform, null) };

        int pos = 2 * EntrySize;
        while (pos + EntrySize <= sector.Length)
        {
            byte h = sector[pos];
            if (h != HeaderMoreSections && h != HeaderFinalSection)
                break; // no further sections (unused space is zero)
            var sectionPlatform = (ElToritoPlatform)sector[pos + 1];
            int count = BinaryPrimitives.ReadUInt16LittleEndian(sector[(pos + 2)..]);
            var id = Encoding.ASCII.GetString(sector.Slice(pos + 4, 28)).TrimEnd('\0', ' ');
            pos += EntrySize;
            for (int i = 0; i < count && pos + EntrySize <= sector.Length; i++)
            {
                entries.Add(ParseEntry(sector.Slice(pos, EntrySize), sectionPlatform, id.Length == 0 ? null : id));
                pos += EntrySize;
                while (pos + EntrySize <= sector.Length && sector[pos] == EntryExtension)
                    pos += EntrySize;
            }
            if (h == HeaderFinalSection)
                break;
        }
        return new ElToritoCatalog
        {
            CatalogBlock = block,
            ValidationPlatform = platform,
            ManufacturerId = Encoding.ASCII.GetString(sector.Slice(4, 24)).TrimEnd('\0', ' '),
            Entries = entries,
        };
    }

    private static ElToritoEntry ParseEntry(ReadOnlySpan<byte> e, ElToritoPlatform platform, string? section) => new(
        platform,
        e[0] == Bootable,
        (ElToritoMedia)(e[1] & 0x0F),
        BinaryPrimitives.ReadUInt16LittleEndian(e[2..]),
        e[4],
        BinaryPrimitives.ReadUInt16LittleEndian(e[6..]),
        BinaryPrimitives.ReadUInt32LittleEndian(e[8..]),
        section);
}
