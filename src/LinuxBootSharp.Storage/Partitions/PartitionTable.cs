namespace LinuxBootSharp.Storage;

/// <summary>
/// A disk's partition table, as read from an <see cref="IBlockReader"/>. <see cref="Read"/>
/// returns null for a disk with no table (a superfloppy or an ISO), and throws
/// <see cref="InvalidDiskFormatException"/> only when a table is present but unusable.
/// </summary>
public sealed record PartitionTable
{
    /// <summary>"gpt" or "msdos" — GRUB's partmap names, used in "hd0,gpt2".</summary>
    public required string Scheme { get; init; }

    /// <summary>GPT disk GUID lowercase, or MBR disk signature as 8 lowercase hex digits.</summary>
    public string? DiskId { get; init; }

    public required IReadOnlyList<Partition> Partitions { get; init; }

    /// <summary>Things that were wrong but survivable, e.g. a corrupt primary GPT.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public const string Gpt = "gpt";
    public const string Msdos = "msdos";

    /// <summary>
    /// Reads the table: a GPT when the protective MBR (or a hybrid MBR) says so and either GPT
    /// copy is valid, otherwise an MBR, otherwise null.
    /// </summary>
    public static PartitionTable? Read(IBlockReader disk)
    {
        if (disk.Length < MbrReader.SectorBytes)
            return null;
        var mbr = disk.ReadBytes(0, MbrReader.SectorBytes);
        if (!MbrReader.HasSignature(mbr))
            return null; // Linux too needs the 0x55AA signature, even for GPT (block/partitions/efi.c)
        if (MbrReader.IsProtectiveOrHybrid(mbr))
            return GptReader.Read(disk);
        return MbrReader.Read(disk, mbr);
    }
}
