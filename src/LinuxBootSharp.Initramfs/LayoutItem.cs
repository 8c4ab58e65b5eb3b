namespace LinuxBootSharp.Initramfs;

/// <summary>The member types of a layout list: gen_init_cpio's (usr/gen_init_cpio.c) file, dir, nod, slink, pipe, sock.</summary>
public enum LayoutKind
{
    File,
    Directory,
    Node,
    Symlink,
    Pipe,
    Socket,
}

/// <summary>
/// One member of the image as the layout describes it: a line of a list, or a plain file or
/// directory of a layout tree. <see cref="Path"/> is relative to the image root, without a
/// leading '/' ("dev/console").
/// </summary>
/// <param name="Location">For <see cref="LayoutKind.File"/>: the host file (absolute), or a
/// placeholder (<see cref="Placeholders"/>) the builder fills in.</param>
/// <param name="Target">For <see cref="LayoutKind.Symlink"/>: the link target.</param>
/// <param name="Source">Where it was defined: the list file or tree file, as given to the loader.</param>
/// <param name="Line">1-based line in <paramref name="Source"/>; 0 for a tree member.</param>
public sealed record LayoutItem(
    LayoutKind Kind,
    string Path,
    uint Mode,
    uint Uid,
    uint Gid,
    string Source,
    int Line,
    string? Location = null,
    string? Target = null,
    char DeviceType = '\0',
    uint Major = 0,
    uint Minor = 0)
{
    public bool IsPlaceholder => Kind == LayoutKind.File && Location is not null && Location.StartsWith('@');

    /// <summary>"base.list:12" or "base/etc/os-release", for messages.</summary>
    public string Where => Line > 0 ? $"{Source}:{Line}" : Source;

    /// <summary>True when members may live below it: a directory, or the module tree placeholder.</summary>
    public bool IsContainer => Kind == LayoutKind.Directory || (IsPlaceholder && Location == Placeholders.Modules);
}

/// <summary>
/// What the builder supplies, named in a list's location field so that the list states the whole
/// layout, including where the builder's inputs go. Only in <c>file</c> lines.
/// </summary>
public static class Placeholders
{
    /// <summary>The lbs binary (--lbs). Required: an image without it has no /init.</summary>
    public const string Lbs = "@lbs";

    /// <summary>The board's resolved kernel modules. NAME is a directory: each module lands at
    /// NAME/VERSION/PATH-BELOW-lib/modules/VERSION, with the line's MODE, uid and gid.</summary>
    public const string Modules = "@modules";

    /// <summary>The module load order (one in-image path per line, dependencies first), which lbs's
    /// ModuleLoader reads at init.</summary>
    public const string ModuleLoadList = "@module-load-list";

    public static readonly IReadOnlyList<string> All = [Lbs, Modules, ModuleLoadList];
}
