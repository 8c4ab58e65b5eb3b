using System.Buffers.Binary;

namespace LinuxBootSharp.Storage;

/// <summary>
/// The classic DOS partition table in sector 0 and the chain of extended boot records (EBRs)
/// behind an extended partition. Numbering follows Linux (block/partitions/msdos.c) and GRUB
/// (grub-core/partmap/msdos.c): primaries keep their slot number 1-4, logical ones count from 5.
/// </summary>
internal static class MbrReader
{
    public const int SectorBytes = 512;
    private const int DiskSignatureOffset = 440;
    private const int EntriesOffset = 446;
    private const int EntrySize = 16;
    private const int EntryCount = 4;
    private const int BootSignatureOffset = 510;

    // Entry fields (relative to the entry).
    private const int BootIndicator = 0;
    private const int TypeOffset = 4;
    private const int StartLbaOffset = 8;
    private const int SectorCountOffset = 12;

    public const byte ProtectiveType = 0xEE;

    /// <summary>A loop in the EBR chain, or a huge chain, stops here (Linux stops at 64 minors per disk anyway).</summary>
    public const int MaxLogicalPartitions = 128;

    public static bool HasSignature(ReadOnlySpan<byte> sector) =>
        sector[BootSignatureOffset] == 0x55 && sector[BootSignatureOffset + 1] == 0xAA;

    private readonly record struct Entry(byte Boot, byte Type, uint Start, uint Count)
    {
        public bool IsEmpty => Type == 0 || Count == 0;
        public bool IsExtended => Type is 0x05 or 0x0F or 0x85;
    }

    private static Entry ReadEntry(ReadOnlySpan<byte> sector, int i)
    {
        var e = sector.Slice(EntriesOffset + i * EntrySize, EntrySize);
        return new Entry(e[BootIndicator], e[TypeOffset],
            BinaryPrimitives.ReadUInt32LittleEndian(e[StartLbaOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(e[SectorCountOffset..]));
    }

    /// <summary>True when the 0x55AA signature is there and any of the four slots has a type byte (0 means unused).</summary>
    public static bool HasAnyEntry(ReadOnlySpan<byte> sector)
    {
        if (!HasSignature(sector))
            return false;
        for (int i = 0; i < EntryCount; i++)
            if (ReadEntry(sector, i).Type != 0)
                return true;
        return false;
    }

    /// <summary>True when any slot holds type 0xEE: a protective (or hybrid) MBR in front of a GPT.</summary>
    public static bool IsProtectiveOrHybrid(ReadOnlySpan<byte> sector)
    {
        for (int i = 0; i < EntryCount; i++)
            if (ReadEntry(sector, i).Type == ProtectiveType)
                return true;
        return false;
    }

    /// <summary>
    /// Parses sector 0 as an MBR. Returns null when the slots are not a partition table: a boot
    /// indicator other than 0x00/0x80 means boot code or a FAT/NTFS boot sector sits there (the
    /// same test Linux's msdos_partition() applies), and four empty slots mean no table at all.
    /// </summary>
    public static PartitionTable? Read(IBlockReader disk, ReadOnlySpan<byte> sector, List<string>? warnings = null)
    {
        warnings ??= [];
        var entries = new Entry[EntryCount];
        bool any = false;
        for (int i = 0; i < EntryCount; i++)
        {
            entries[i] = ReadEntry(sector, i);
            if (entries[i].Boot is not (0x00 or 0x80))
                return null;
            any |= !entries[i].IsEmpty;
        }
        if (!any)
            return null;
        uint signature = BinaryPrimitives.ReadUInt32LittleEndian(sector[DiskSignatureOffset..]);
        long sectorSize = disk.SectorSize;
        long diskSectors = disk.Length / sectorSize;
        var parts = new List<Partition>();
        for (int i = 0; i < EntryCount; i++)
        {
            var e = entries[i];
            if (e.IsEmpty)
                continue;
            if (e.IsExtended)
            {
                ReadLogical(disk, e.Start, e.Count, signature, parts, warnings);
                continue;
            }
            AddPartition(disk, parts, warnings, i + 1, e, e.Start, signature, logical: false, diskSectors);
        }
        return new PartitionTable
        {
            Scheme = PartitionTable.Msdos,
            DiskId = signature.ToString("x8"),
            Partitions = parts,
            Warnings = warnings,
        };
    }

    private static void AddPartition(IBlockReader disk, List<Partition> parts, List<string> warnings, int number, Entry e,
        long startSector, uint signature, bool logical, long diskSectors)
    {
        long count = e.Count;
        if (startSector >= diskSectors)
        {
            warnings.Add($"{disk.Name}: MBR partition {number} starts at sector {startSector}, beyond the end of the disk ({diskSectors} sectors); ignored");
            return;
        }
        // One that ends beyond the disk is kept as declared; the scanner reports and truncates it.
        parts.Add(new Partition
        {
            Number = number,
            Offset = startSector * disk.SectorSize,
            Length = count * disk.SectorSize,
            StartSector = startSector,
            Type = "0x" + e.Type.ToString("x2"),
            TypeName = MbrPartitionTypes.NameOf(e.Type),
            // The PARTUUID Linux derives for MBR partitions: "SSSSSSSS-NN" (block/partitions/msdos.c).
            UniqueId = $"{signature:x8}-{number:x2}",
            Bootable = e.Boot == 0x80,
            IsLogical = logical,
        });
    }

    /// <summary>
    /// Walks the EBR chain. Each EBR's first slot is a logical partition relative to that EBR;
    /// its second slot points to the next EBR relative to the start of the extended partition.
    /// </summary>
    private static void ReadLogical(IBlockReader disk, uint extStart, uint extCount, uint signature, List<Partition> parts, List<string> warnings)
    {
        long diskSectors = disk.Length / disk.SectorSize;
        var seen = new HashSet<long>();
        long ebr = extStart;
        int number = 5;
        var buf = new byte[SectorBytes];
        while (true)
        {
            if (!seen.Add(ebr) || seen.Count > MaxLogicalPartitions)
            {
                warnings.Add($"{disk.Name}: extended partition chain loops or exceeds {MaxLogicalPartitions} entries at sector {ebr}; stopped");
                return;
            }
            if (ebr >= diskSectors)
            {
                warnings.Add($"{disk.Name}: extended boot record at sector {ebr} is beyond the end of the disk; chain stopped");
                return;
            }
            disk.ReadAt(ebr * disk.SectorSize, buf);
            if (!HasSignature(buf))
            {
                warnings.Add($"{disk.Name}: extended boot record at byte {ebr * disk.SectorSize} has no 0x55AA signature; chain stopped");
                return;
            }
            var first = ReadEntry(buf, 0);
            var next = ReadEntry(buf, 1);
            if (!first.IsEmpty && !first.IsExtended)
                AddPartition(disk, parts, warnings, number++, first, ebr + first.Start, signature, logical: true, diskSectors);
            if (next.IsEmpty || !next.IsExtended)
                return;
            long nextEbr = (long)extStart + next.Start;
            if (next.Start >= extCount)
            {
                warnings.Add($"{disk.Name}: extended boot record at sector {ebr} points outside the extended partition; chain stopped");
                return;
            }
            ebr = nextEbr;
        }
    }
}
