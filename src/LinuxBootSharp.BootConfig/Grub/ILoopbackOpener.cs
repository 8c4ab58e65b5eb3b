using LinuxBootSharp.Storage;

namespace LinuxBootSharp.BootConfig.Grub;

/// <summary>
/// Opens a disk image file for GRUB's <c>loopback NAME FILE</c> (grub-core/disk/loopback.c) as a
/// file tree, so entries can boot a kernel from inside an ISO. Returns null with a reason when
/// the image cannot be read.
/// </summary>
public interface ILoopbackOpener
{
    IFileTree? Open(FileRef image, out string? problem);
}

/// <summary>The opener used when the composition root supplies none: says why nothing can be opened.</summary>
public sealed class UnavailableLoopbackOpener : ILoopbackOpener
{
    public static UnavailableLoopbackOpener Instance { get; } = new();

    public IFileTree? Open(FileRef image, out string? problem)
    {
        problem = "loopback: ISO reader not available";
        return null;
    }
}
