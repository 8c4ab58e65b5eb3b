namespace LinuxBootSharp.Storage;

/// <summary>
/// One volume found on a disk: a partition or the whole disk. <see cref="Tree"/> is null when no
/// known file system is there (swap, BIOS boot, empty) or it could not be opened.
/// <see cref="Problem"/> (naming device and byte offset) is set when something is wrong: the file
/// system could not be opened, or the partition runs past the end of the disk (the tree may then
/// still be there, reading what the truncated volume holds).
/// </summary>
public sealed record ScannedVolume(FileSystemIdentity Identity, IFileTree? Tree, string? Problem)
{
    /// <summary>The partition this volume is (null for a whole-disk file system).</summary>
    public Partition? Partition { get; init; }

    /// <summary>Size of the volume in bytes.</summary>
    public long SizeBytes { get; init; }
}

/// <summary>Everything <see cref="DiskScanner.Scan"/> learned about one disk.</summary>
public sealed record DiskScanResult
{
    public required IBlockReader Disk { get; init; }
    public required int DiskIndex { get; init; }
    public PartitionTable? PartitionTable { get; init; }
    public required IReadOnlyList<ScannedVolume> Volumes { get; init; }

    /// <summary>Partition-table warnings and per-volume errors, each a one-line sentence.</summary>
    public required IReadOnlyList<string> Problems { get; init; }
}
