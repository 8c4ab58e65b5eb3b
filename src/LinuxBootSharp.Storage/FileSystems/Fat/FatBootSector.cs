using System.Buffers.Binary;
using System.Text;

namespace LinuxBootSharp.Storage;

public enum FatType
{
    Fat12,
    Fat16,
    Fat32,
}

/// <summary>
/// The FAT boot sector and BIOS parameter block (Microsoft "FAT: General Overview of On-Disk
/// Format" 1.03, sections 3.1-3.3). The FAT type is decided by the cluster count alone,
/// exactly as that document (section 3.5) and the Linux driver (fs/fat/inode.c) decide it.
/// </summary>
public sealed class FatBootSector
{
    private const int JumpOffset = 0;
    private const int BytesPerSectorOffset = 11;
    private const int SectorsPerClusterOffset = 13;
    private const int ReservedSectorsOffset = 14;
    private const int NumFatsOffset = 16;
    private const int RootEntriesOffset = 17;
    private const int TotalSectors16Offset = 19;
    private const int MediaOffset = 21;
    private const int FatSize16Offset = 22;
    private const int TotalSectors32Offset = 32;
    private const int FatSize32Offset = 36;
    private const int RootClusterOffset = 44;
    // Extended BPB: at 36 on FAT12/16, at 64 on FAT32.
    private const int Ebpb16Offset = 36;
    private const int Ebpb32Offset = 64;
    private const int EbpbBootSigDelta = 2;
    private const int EbpbVolumeIdDelta = 3;
    private const int EbpbLabelDelta = 7;
    private const int LabelLength = 11;
    private const byte ExtendedBootSignature = 0x29;
    public const int DirEntrySize = 32;

    private const int MaxFat12Clusters = 4084;
    private const int MaxFat16Clusters = 65524;
    /// <summary>FAT32 entries are 28 bits; 0x0FFFFFF7 and above are reserved values.</summary>
    private const long MaxFat32Clusters = 0x0FFFFFF5;

    public int BytesPerSector { get; private init; }
    public int SectorsPerCluster { get; private init; }
    public int ClusterSize => BytesPerSector * SectorsPerCluster;
    public long ReservedSectors { get; private init; }
    public int NumFats { get; private init; }
    public int RootEntries { get; private init; }
    public long TotalSectors { get; private init; }
    public long FatSizeSectors { get; private init; }
    public uint RootCluster { get; private init; }
    public long ClusterCount { get; private init; }
    public FatType Type { get; private init; }
    public uint? VolumeId { get; private init; }
    public string? BootLabel { get; private init; }

    public long FatOffset => ReservedSectors * BytesPerSector;
    public long RootDirOffset => (ReservedSectors + NumFats * FatSizeSectors) * BytesPerSector;
    public long RootDirBytes => (long)RootEntries * DirEntrySize;
    public long DataOffset => RootDirOffset + (RootDirBytes + BytesPerSector - 1) / BytesPerSector * BytesPerSector;

    /// <summary>Byte offset of cluster <paramref name="cluster"/> (clusters are numbered from 2).</summary>
    public long ClusterOffset(uint cluster) => DataOffset + (long)(cluster - 2) * ClusterSize;

    /// <summary>Parses sector 0; returns null (with the reason) when it is not a FAT boot sector.</summary>
    public static FatBootSector? TryParse(ReadOnlySpan<byte> s, out string? why)
    {
        why = null;
        if (s[JumpOffset] is not (0xEB or 0xE9))
            return No(out why, $"jump instruction 0x{s[JumpOffset]:x2} is not 0xEB/0xE9");
        int bps = BinaryPrimitives.ReadUInt16LittleEndian(s[BytesPerSectorOffset..]);
        if (bps is not (512 or 1024 or 2048 or 4096))
            return No(out why, $"bytes per sector {bps} is invalid");
        int spc = s[SectorsPerClusterOffset];
        if (spc == 0 || (spc & (spc - 1)) != 0)
            return No(out why, $"sectors per cluster {spc} is not a power of two");
        int reserved = BinaryPrimitives.ReadUInt16LittleEndian(s[ReservedSectorsOffset..]);
        int fats = s[NumFatsOffset];
        int rootEntries = BinaryPrimitives.ReadUInt16LittleEndian(s[RootEntriesOffset..]);
        long total = BinaryPrimitives.ReadUInt16LittleEndian(s[TotalSectors16Offset..]);
        if (total == 0)
            total = BinaryPrimitives.ReadUInt32LittleEndian(s[TotalSectors32Offset..]);
        byte media = s[MediaOffset];
        long fatSize = BinaryPrimitives.ReadUInt16LittleEndian(s[FatSize16Offset..]);
        bool fat32Layout = fatSize == 0;
        if (fat32Layout)
            fatSize = BinaryPrimitives.ReadUInt32LittleEndian(s[FatSize32Offset..]);
        if (reserved == 0 || fats == 0 || fats > 4 || fatSize == 0 || total == 0)
            return No(out why, "reserved sectors, FAT count, FAT size or total sectors is zero or absurd");
        if (media is not (0xF0 or >= 0xF8))
            return No(out why, $"media descriptor 0x{media:x2} is invalid");
        long rootSectors = ((long)rootEntries * DirEntrySize + bps - 1) / bps;
        long meta = reserved + fats * fatSize + rootSectors;
        if (meta >= total)
            return No(out why, "metadata is larger than the volume");
        long clusters = (total - meta) / spc;
        var type = clusters <= MaxFat12Clusters ? FatType.Fat12 : clusters <= MaxFat16Clusters ? FatType.Fat16 : FatType.Fat32;
        if (type == FatType.Fat32 && (rootEntries != 0 || !fat32Layout))
            return No(out why, "FAT32 cluster count with a FAT12/16 layout");
        if (type != FatType.Fat32 && rootEntries == 0)
            return No(out why, "FAT12/16 without a root directory");
        if (clusters > MaxFat32Clusters)
            return No(out why, $"{clusters} clusters is more than FAT32 can address");
        // The FAT must be large enough to describe every cluster.
        long fatBytesNeeded = type switch
        {
            FatType.Fat12 => (clusters + 2) * 3 / 2,
            FatType.Fat16 => (clusters + 2) * 2,
            _ => (clusters + 2) * 4,
        };
        if (fatSize * bps < fatBytesNeeded)
            return No(out why, $"FAT of {fatSize} sectors is too small for {clusters} clusters");
        int ebpb = type == FatType.Fat32 ? Ebpb32Offset : Ebpb16Offset;
        uint? volumeId = null;
        string? label = null;
        if (s[ebpb + EbpbBootSigDelta] == ExtendedBootSignature)
        {
            volumeId = BinaryPrimitives.ReadUInt32LittleEndian(s[(ebpb + EbpbVolumeIdDelta)..]);
            label = FatNames.TrimLabel(s.Slice(ebpb + EbpbLabelDelta, LabelLength));
        }
        return new FatBootSector
        {
            BytesPerSector = bps,
            SectorsPerCluster = spc,
            ReservedSectors = reserved,
            NumFats = fats,
            RootEntries = rootEntries,
            TotalSectors = total,
            FatSizeSectors = fatSize,
            RootCluster = type == FatType.Fat32 ? BinaryPrimitives.ReadUInt32LittleEndian(s[RootClusterOffset..]) & 0x0FFFFFFF : 0,
            ClusterCount = clusters,
            Type = type,
            VolumeId = volumeId,
            BootLabel = label,
        };
    }

    private static FatBootSector? No(out string? why, string reason)
    {
        why = reason;
        return null;
    }

    /// <summary>The volume serial as blkid and GRUB print it: "1234-ABCD" (high word first, upper case).</summary>
    public static string FormatSerial(uint id) => $"{id >> 16:X4}-{id & 0xFFFF:X4}";

    internal static string Latin1(ReadOnlySpan<byte> b) => Encoding.Latin1.GetString(b);
}
