using LinuxBootSharp.BootConfig;
using LinuxBootSharp.BootConfig.Grub;
using LinuxBootSharp.Storage;
using LinuxBootSharp.Storage.FileSystems.Iso9660;

namespace LinuxBootSharp.Boot.Discovery;

/// <summary>
/// Boot's <see cref="ILoopbackOpener"/> for GRUB's <c>loopback NAME FILE</c>
/// (grub-core/disk/loopback.c): opens an ISO image that lies as a file inside a scanned tree with
/// Storage's read-only ISO9660 reader, never mounting it. BootConfig stays a pure parser; this is
/// where the composition decides which images can be opened. The opened image stays open for as
/// long as the entries that point into it are alive (their FileRefs read through it at boot).
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
        catch (StorageException e)
        {
            problem = e.Message;
            return null;
        }
    }
}
