using LinuxBootSharp.Storage;

namespace LinuxBootSharp.BootConfig.Grub;

/// <summary>A GRUB file name resolved to a scanned file system: the tree and the absolute path on it
/// (empty path = the whole device), or the reason it could not be.</summary>
public readonly record struct GrubPath(IFileTree? Tree, string Path, string? Problem)
{
    public bool IsResolved => Tree is not null && Problem is null;

    public bool IsDeviceOnly => IsResolved && Path.Length == 0;
}
