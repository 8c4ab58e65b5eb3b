using System.Buffers.Binary;
using System.Text;

namespace LinuxBootSharp.Storage;

/// <summary>
/// GUID Partition Table (UEFI spec 2.10, section 5.3). The primary header is at LBA 1 and the
/// backup at the disk's last LBA; each carries a CRC32 of itself and of the entry array.
/// When the primary copy is corrupt the backup is used and a warning says so, as the kernel
/// (block/partitions/efi.c, find_valid_gpt) and GRUB do.
/// </summary>
public static class GptReader
{
    private static readonly byte[] Signature = "EFI PART"u8.ToArray();

    // Header fields (UEFI 5.3.2, table 5.5).
    private const int SignatureOffset = 0;
    private const int HeaderSizeOffset = 12;
    private const int HeaderCrcOffset = 16;
    private const int MyLbaOffset = 24;
    private const int AlternateLbaOffset = 32;
    private const int FirstUsableLbaOffset = 40;
    private const int LastUsableLbaOffset = 48;
    private const int DiskGuidOffset = 56;
    private const int EntryArrayLbaOffset = 72;
    private const int EntryCountOffset = 80;
    private const int EntrySizeOffset = 84;
    private const int EntryArrayCrcOffset = 88;
    private const int MinHeaderSize = 92;

    // Entry fields (UEFI 5.3.3, table 5.6).
    private const int TypeGuidOffset = 0;
    private const int UniqueGuidOffset = 16;
    private const int FirstLbaOffset = 32;
    private const int LastLbaOffset = 40;
    private const int AttributesOffset = 48;
    private const int NameOffset = 56;
    private const int NameBytes = 72;
    private const int MinEntrySize = 128;

    /// <summary>Attribute bit 2: legacy BIOS bootable.</summary>
    private const ulong LegacyBootableAttribute = 1UL << 2;

    /// <summary>Largest entry array accepted (the spec's minimum is 16 KiB; 1 MiB allows 8192 entries).</summary>
    private const int MaxEntryArrayBytes = 1 << 20;

    /// <summary>
    /// True when a GPT header signature ("EFI PART") sits at byte <paramref name="offset"/>: LBA 1
    /// is byte 512 on a 512-byte-sector disk and byte 4096 on a 4Kn disk, which tells an image's
    /// sector size. Only the signature: the header's CRC is checked when the table is read.
    /// </summary>
    public static bool HasSignatureAt(IBlockReader disk, long offset) =>
        disk.Contains(offset, Signature.Length) && HasSignature(disk.ReadBytes(offset, Signature.Length));

    /// <summary>True when <paramref name="header"/> (a GPT header sector, or its first bytes) starts with "EFI PART".</summary>
    internal static bool HasSignature(ReadOnlySpan<byte> header) => header[SignatureOffset..].StartsWith(Signature);

    private sealed record Header(long MyLba, long AlternateLba, long FirstUsable, long LastUsable, Guid DiskGuid,
        long EntryLba, int EntryCount, int EntrySize, uint EntryCrc);

    internal static PartitionTable Read(IBlockReader disk)
    {
        var warnings = new List<string>();
        long lastLba = disk.Length / disk.SectorSize - 1;
        var (primary, primaryError) = TryReadHeader(disk, 1);
        byte[]? entries = null;
        string? entriesError = null;
        if (primary is not null)
            (entries, entriesError) = TryReadEntries(disk, primary);
        if (primary is not null && entries is not null)
            return Build(disk, primary, entries, warnings);

        string why = primaryError ?? entriesError!;
        long backupLba = primary is not null && primary.AlternateLba > 1 && primary.AlternateLba <= lastLba ? primary.AlternateLba : lastLba;
        var (backup, backupError) = TryReadHeader(disk, backupLba);
        byte[]? backupEntries = null;
        if (backup is not null)
            (backupEntries, backupError) = TryReadEntries(disk, backup);
        if (backup is null || backupEntries is null)
        {
            // A hybrid MBR may still describe the partitions.
            var mbrSector = disk.ReadBytes(0, MbrReader.SectorBytes);
            var hybridWarnings = new List<string> { $"{disk.Name}: {why}; backup GPT at LBA {backupLba}: {backupError}; using the MBR" };
            var mbr = MbrReader.Read(disk, mbrSector, hybridWarnings);
            if (mbr is not null && mbr.Partitions.Any(p => p.Type != "0xee"))
                return mbr;
            InvalidDiskFormatException.Throw("GPT", disk.Name, disk.SectorSize, $"{why}; backup GPT at LBA {backupLba}: {backupError}");
        }
        warnings.Add($"{disk.Name}: {why}, using the backup GPT at LBA {backupLba}");
        return Build(disk, backup, backupEntries, warnings);
    }

    private static (Header?, string?) TryReadHeader(IBlockReader disk, long lba)
    {
        long offset = lba * disk.SectorSize;
        if (!disk.Contains(offset, disk.SectorSize))
            return (null, $"GPT header at LBA {lba} is beyond the end of the disk");
        var sector = disk.ReadBytes(offset, disk.SectorSize);
        string where = lba == 1 ? "primary GPT header" : "backup GPT header";
        if (!HasSignature(sector))
            return (null, $"{where} at LBA {lba} has no \"EFI PART\" signature");
        uint headerSize = BinaryPrimitives.ReadUInt32LittleEndian(sector.AsSpan(HeaderSizeOffset));
        if (headerSize < MinHeaderSize || headerSize > disk.SectorSize)
            return (null, $"{where} at LBA {lba} has an invalid header size {headerSize}");
        uint storedCrc = BinaryPrimitives.ReadUInt32LittleEndian(sector.AsSpan(HeaderCrcOffset));
        var copy = sector.AsSpan(0, (int)headerSize).ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(HeaderCrcOffset), 0);
        if (Crc32.Ieee(copy) != storedCrc)
            return (null, $"{where} CRC mismatch at LBA {lba}");
        var h = new Header(
            (long)BinaryPrimitives.ReadUInt64LittleEndian(sector.AsSpan(MyLbaOffset)),
            (long)BinaryPrimitives.ReadUInt64LittleEndian(sector.AsSpan(AlternateLbaOffset)),
            (long)BinaryPrimitives.ReadUInt64LittleEndian(sector.AsSpan(FirstUsableLbaOffset)),
            (long)BinaryPrimitives.ReadUInt64LittleEndian(sector.AsSpan(LastUsableLbaOffset)),
            new Guid(sector.AsSpan(DiskGuidOffset, 16)),
            (long)BinaryPrimitives.ReadUInt64LittleEndian(sector.AsSpan(EntryArrayLbaOffset)),
            (int)Math.Min(int.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(sector.AsSpan(EntryCountOffset))),
            (int)Math.Min(int.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(sector.AsSpan(EntrySizeOffset))),
            BinaryPrimitives.ReadUInt32LittleEndian(sector.AsSpan(EntryArrayCrcOffset)));
        if (h.MyLba != lba)
            return (null, $"{where} at LBA {lba} says it is at LBA {h.MyLba}");
        if (h.EntrySize < MinEntrySize || h.EntrySize % 8 != 0)
            return (null, $"{where} at LBA {lba} has an invalid entry size {h.EntrySize}");
        if ((long)h.EntryCount * h.EntrySize > MaxEntryArrayBytes)
            return (null, $"{where} at LBA {lba} declares {h.EntryCount} entries of {h.EntrySize} bytes, more than {MaxEntryArrayBytes} bytes");
        return (h, null);
    }

    private static (byte[]?, string?) TryReadEntries(IBlockReader disk, Header h)
    {
        int bytes = h.EntryCount * h.EntrySize;
        long offset = h.EntryLba * disk.SectorSize;
        if (h.EntryLba < 0 || h.EntryLba > long.MaxValue / disk.SectorSize || !disk.Contains(offset, bytes))
            return (null, $"GPT entry array at LBA {h.EntryLba} is beyond the end of the disk");
        var data = disk.ReadBytes(offset, bytes);
        if (Crc32.Ieee(data) != h.EntryCrc)
            return (null, $"GPT entry array CRC mismatch at LBA {h.EntryLba}");
        return (data, null);
    }

    private static PartitionTable Build(IBlockReader disk, Header h, byte[] entries, List<string> warnings)
    {
        var parts = new List<Partition>();
        long diskSectors = disk.Length / disk.SectorSize;
        for (int i = 0; i < h.EntryCount; i++)
        {
            var e = entries.AsSpan(i * h.EntrySize, h.EntrySize);
            var type = new Guid(e.Slice(TypeGuidOffset, 16));
            if (type == Guid.Empty)
                continue;
            long first = (long)BinaryPrimitives.ReadUInt64LittleEndian(e[FirstLbaOffset..]);
            long last = (long)BinaryPrimitives.ReadUInt64LittleEndian(e[LastLbaOffset..]);
            // An entry starting beyond the disk is dropped (block/partitions/efi.c is_pte_valid);
            // one that merely ends beyond it is kept and reported by the scanner (a truncated image).
            if (first < 0 || last < first || first >= diskSectors || last > long.MaxValue / disk.SectorSize - 1)
            {
                warnings.Add($"{disk.Name}: GPT entry {i + 1} has an invalid range LBA {(ulong)first}-{(ulong)last} (disk has {diskSectors} sectors); ignored");
                continue;
            }
            ulong attrs = BinaryPrimitives.ReadUInt64LittleEndian(e[AttributesOffset..]);
            var name = Encoding.Unicode.GetString(e.Slice(NameOffset, NameBytes));
            int nul = name.IndexOf('\0');
            if (nul >= 0)
                name = name[..nul];
            var typeText = type.ToString("D");
            parts.Add(new Partition
            {
                Number = i + 1,
                Offset = first * disk.SectorSize,
                Length = (last - first + 1) * disk.SectorSize,
                StartSector = first,
                Type = typeText,
                TypeName = GptPartitionTypes.NameOf(typeText),
                Name = name,
                UniqueId = new Guid(e.Slice(UniqueGuidOffset, 16)).ToString("D"),
                Attributes = attrs,
                Bootable = (attrs & LegacyBootableAttribute) != 0,
            });
        }
        return new PartitionTable
        {
            Scheme = PartitionTable.Gpt,
            DiskId = h.DiskGuid.ToString("D"),
            Partitions = parts,
            Warnings = warnings,
        };
    }
}
