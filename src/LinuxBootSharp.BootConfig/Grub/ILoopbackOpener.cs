using LinuxBootSharp.Storage;

namespace LinuxBootSharp.BootConfig.Grub;

/// <summary>
/// Opens a disk image file for GRUB's <c>loopback NAME FILE</c> (grub-core/disk/loopback.c) as a
/// file tree, so entries can boot a kernel from inside an ISO. Returns null with a reason when
/// the image cannot be read. BootConfig never opens images itself: the host (Boot's discovery)
/// gives the parser an opener, and without one <see cref="UnavailableLoopbackOpener"/> says so.
/// </summary>
public interface ILoopbackOpener
{
    IFileTree? Open(FileRef image, out string? problem);
}

/// <summary>The opener used when the host supplies none: says why nothing can be opened.</summary>
public sealed class UnavailableLoopbackOpener : ILoopbackOpener
{
    public static UnavailableLoopbackOpener Instance { get; } = new();

    public IFileTree? Open(FileRef image, out string? problem)
    {
        problem = "ISO images are opened by the host; none given";
        return null;
    }
}
