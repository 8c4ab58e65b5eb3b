using LinuxBootSharp.Storage;

namespace LinuxBootSharp.BootConfig;

/// <summary>
/// A file on a particular scanned file system, optionally a byte range of it (a section
/// of a unified kernel image, a file inside an ISO opened with GRUB's <c>loopback</c>
/// is instead a FileRef on the ISO's own tree).
/// </summary>
public sealed record FileRef(IFileTree Tree, string Path, long Offset = 0, long? Length = null)
{
    /// <summary>"/dev/vda2:/boot/vmlinuz" — for menus, logs and JSON.</summary>
    public string Display => Length is null
        ? $"{Tree.Identity.Device}:{Path}"
        : $"{Tree.Identity.Device}:{Path}@{Offset}+{Length}";

    public bool Exists() => Tree.FileExists(Path);

    /// <summary>Size of the referenced bytes, or null when the file is missing.</summary>
    public long? Size()
    {
        if (Length is long l)
            return l;
        var st = Tree.TryStat(Path);
        return st is { Kind: FileKind.File } s ? s.Size : null;
    }

    public override string ToString() => Display;
}
