using LinuxBootSharp.Storage;
using LinuxBootSharp.Storage.FileSystems.Iso9660;

namespace LinuxBootSharp.BootConfig.Grub;

/// <summary>
/// <see cref="ILoopbackOpener"/> over the read-only ISO9660 reader: the image is read through
/// the file tree it lives on, never mounted. The opened image stays open for as long as the
/// entries that point into it are alive (their FileRefs read through it at boot).
/// </summary>
public sealed class IsoLoopbackOpener : ILoopbackOpener
{
    public static IsoLoopbackOpener Instance { get; } = new();

    public IFileTree? Open(FileRef image, out string? problem)
    {
        try
        {
            var iso = IsoImage.Open(image.Tree, image.Path);
            problem = null;
            return iso.FileSystem;
        }
        catch (Exception e) when (e is StorageException or IOException or UnauthorizedAccessException)
        {
            problem = e.Message;
            return null;
        }
    }
}
