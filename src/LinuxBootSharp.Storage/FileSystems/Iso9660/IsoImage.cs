namespace LinuxBootSharp.Storage.FileSystems.Iso9660;

/// <summary>
/// An ISO9660 image file found inside another file tree, opened as a disk of its own: what GRUB's
/// <c>loopback loop /isos/distro.iso</c> gives a menu entry, and how a .iso found on a disk is
/// booted. Owns the stream; dispose it when the tree is no longer needed.
/// </summary>
public sealed class IsoImage : IDisposable
{
    private IsoImage(StreamBlockReader disk, Iso9660FileTree fileSystem)
    {
        Disk = disk;
        FileSystem = fileSystem;
    }

    /// <summary>The image as a block device, named "device:path" (for partition tables of hybrid images too).</summary>
    public StreamBlockReader Disk { get; }

    public Iso9660FileTree FileSystem { get; }

    /// <summary>Opens <paramref name="path"/> in <paramref name="host"/> and reads it as ISO9660.</summary>
    public static IsoImage Open(IFileTree host, string path)
    {
        var stream = host.OpenRead(path);
        var name = $"{host.Identity.Device}:{FileTree.Normalize(path)}";
        var disk = new StreamBlockReader(stream, name);
        try
        {
            if (!Iso9660FileTree.Detect(disk))
                throw new InvalidDiskFormatException(Iso9660FileTree.Format, name, IsoVolumeDescriptor.FirstDescriptorOffset, "not an ISO9660 image (no CD001 volume descriptor)");
            return new IsoImage(disk, Iso9660FileTree.Open(disk, new FileSystemIdentity { Type = Iso9660FileTree.Format, Device = name }));
        }
        catch
        {
            disk.Dispose();
            throw;
        }
    }

    public void Dispose() => Disk.Dispose();
}
