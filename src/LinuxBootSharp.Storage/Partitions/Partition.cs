namespace LinuxBootSharp.Storage;

/// <summary>One partition, numbered as GRUB and Linux number it.</summary>
public sealed record Partition
{
    /// <summary>GPT: entry index + 1. MBR: primary slot 1-4, logical partitions from 5 in chain order.</summary>
    public required int Number { get; init; }

    /// <summary>Byte offset on the disk.</summary>
    public required long Offset { get; init; }

    /// <summary>Length in bytes.</summary>
    public required long Length { get; init; }

    /// <summary>GPT type GUID lowercase ("c12a7328-f81f-11d2-ba4b-00a0c93ec93b") or MBR type "0x83".</summary>
    public required string Type { get; init; }

    /// <summary>Human name of the type ("EFI System", "Linux filesystem", ...), or null if unknown.</summary>
    public string? TypeName { get; init; }

    /// <summary>GPT partition name (UTF-16 on disk); null on MBR.</summary>
    public string? Name { get; init; }

    /// <summary>GPT unique partition GUID lowercase; on MBR the "DISKSIG-NN" PARTUUID the kernel derives.</summary>
    public string? UniqueId { get; init; }

    /// <summary>MBR boot indicator (0x80), or GPT attribute bit 2 "legacy BIOS bootable".</summary>
    public bool Bootable { get; init; }

    /// <summary>MBR logical partition (inside an extended one).</summary>
    public bool IsLogical { get; init; }

    /// <summary>GPT attribute bits.</summary>
    public ulong Attributes { get; init; }

    /// <summary>First sector in the disk's logical sectors.</summary>
    public long StartSector { get; init; }
}
