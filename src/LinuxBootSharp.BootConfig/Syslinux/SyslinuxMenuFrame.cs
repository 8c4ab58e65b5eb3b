namespace LinuxBootSharp.BootConfig.Syslinux;

/// <summary>
/// One MENU BEGIN ... MENU END block (menu.c32). Its shown name is MENU LABEL, else MENU TITLE,
/// else the MENU BEGIN tag — both may come after MENU BEGIN, so labels keep a reference and read
/// the name at the end.
/// </summary>
public sealed class SyslinuxMenuFrame
{
    public string? Tag { get; init; }
    public string? Label { get; set; }
    public string? Title { get; set; }

    /// <summary>A frame standing for a CONFIG label: named by that label, not by the new file's MENU TITLE.</summary>
    public bool Fixed { get; init; }

    public string Name => SyslinuxLabel.Clean(Fixed ? Tag : Label ?? Title ?? Tag);
}
