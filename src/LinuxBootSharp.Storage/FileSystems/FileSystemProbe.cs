namespace LinuxBootSharp.Storage;

/// <summary>Opens a detected file system read-only; <paramref name="identity"/> carries what is known so far.</summary>
public delegate IFileTree FileSystemOpener(IBlockReader volume, FileSystemIdentity identity);

/// <summary>
/// One file system in the probe table. <see cref="Detect"/> is cheap (a superblock or two) and
/// returns the identity type ("ext4", "vfat", ...) or null; <see cref="Open"/> returns the tree,
/// its identity completed with type, UUID and label.
/// </summary>
public sealed record FileSystemDriver(string Name, Func<IBlockReader, string?> Detect, FileSystemOpener Open);

/// <summary>
/// The static probe table (DiscUtils' "detect before open"): no reflection, one line per file
/// system. Order matters where signatures can coexist: ISO9660 before FAT (hybrid ISOs carry a
/// FAT-looking boot sector), FAT last because its signature is the weakest.
/// </summary>
public static class FileSystemProbe
{
    public static IReadOnlyList<FileSystemDriver> Drivers { get; } =
    [
        new("ext", ExtFileSystem.Detect, ExtFileSystem.Open),
        new("xfs", v => FileSystems.Xfs.XfsFileTree.Detect(v) ? "xfs" : null, FileSystems.Xfs.XfsFileTree.Open),
        new("iso9660", v => FileSystems.Iso9660.Iso9660FileTree.Detect(v) ? "iso9660" : null, FileSystems.Iso9660.Iso9660FileTree.Open),
        new("vfat", FatFileSystem.Detect, FatFileSystem.Open),
    ];

    /// <summary>The first driver whose signature matches, with the type it reports; null when none does.</summary>
    public static (FileSystemDriver Driver, string Type)? Detect(IBlockReader volume)
    {
        foreach (var d in Drivers)
        {
            string? type;
            try
            {
                type = d.Detect(volume);
            }
            catch (InvalidDiskFormatException)
            {
                type = null; // too small or unreadable for this format's signature: not this one
            }
            if (type is not null)
                return (d, type);
        }
        return null;
    }

    /// <summary>Detects and opens; throws <see cref="StorageException"/> naming the device when nothing matches.</summary>
    public static IFileTree Open(IBlockReader volume, FileSystemIdentity? identity = null)
    {
        var found = Detect(volume)
            ?? throw new StorageException($"{volume.Name}: unknown file system (no ext2/3/4, FAT, XFS or ISO9660 signature)");
        identity ??= new FileSystemIdentity { Type = found.Type, Device = volume.Name };
        return found.Driver.Open(volume, identity with { Type = found.Type });
    }
}
