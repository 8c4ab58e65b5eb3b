namespace LinuxBootSharp.Storage;

/// <summary>
/// Everything GRUB's <c>search</c>, BLS and the menu need to name a file system.
/// UUID strings are formatted as GRUB and blkid print them: ext/xfs as lowercase
/// 8-4-4-4-12, FAT as "1234-ABCD" (volume serial, upper case), ISO9660 as the creation
/// date "2024-01-31-12-00-00-00".
/// </summary>
public sealed record FileSystemIdentity
{
    /// <summary>"ext2", "ext3", "ext4", "vfat", "xfs", "iso9660", "dir" (a host directory), "memory".</summary>
    public required string Type { get; init; }
    public string? Uuid { get; init; }
    public string? Label { get; init; }

    /// <summary>Device or image this file system was read from, e.g. "/dev/vda2" or "disk.img:2".</summary>
    public required string Device { get; init; }

    /// <summary>0-based index of the disk in scan order: GRUB's hdN.</summary>
    public int? DiskIndex { get; init; }

    /// <summary>"gpt" or "msdos" (GRUB's names), null for an unpartitioned disk.</summary>
    public string? PartitionScheme { get; init; }

    /// <summary>1-based partition number as GRUB counts it (gptN / msdosN), null for a whole disk.</summary>
    public int? PartitionNumber { get; init; }
    public string? PartitionUuid { get; init; }
    public string? PartitionLabel { get; init; }

    /// <summary>GPT type GUID (lowercase) or MBR type as "0x83".</summary>
    public string? PartitionType { get; init; }

    /// <summary>Human name of the partition type: "EFI System", "Linux filesystem", "XBOOTLDR", ...</summary>
    public string? PartitionTypeName { get; init; }

    /// <summary>GRUB device name without parentheses, e.g. "hd0,gpt2"; null when not on a scanned disk.</summary>
    public string? GrubDevice =>
        DiskIndex is int d
            ? PartitionNumber is int p && PartitionScheme is string s ? $"hd{d},{s}{p}" : $"hd{d}"
            : null;
}
