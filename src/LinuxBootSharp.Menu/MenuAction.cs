namespace LinuxBootSharp.Menu;

/// <summary>The machine's answer to one input.</summary>
/// <param name="Cmdline">For <see cref="MenuActionKind.Boot"/>: the command line to use (the item's own unless <paramref name="Edited"/>).</param>
/// <param name="ByTimeout">For <see cref="MenuActionKind.Boot"/>: the countdown ran out and boots the default, which
/// is when GRUB tries its fallback entries if the load fails (menu.c: auto_boot → grub_menu_execute_with_fallback);
/// false for Enter, a hotkey or the editor.</param>
public readonly record struct MenuAction(MenuActionKind Kind, MenuItem? Item = null, string? Cmdline = null, bool Edited = false, bool ByTimeout = false)
{
    public static MenuAction None => new(MenuActionKind.None);
    public static MenuAction Redraw => new(MenuActionKind.Redraw);
    public static MenuAction Repaint => new(MenuActionKind.Repaint);
    public static MenuAction Rescan => new(MenuActionKind.Rescan);
    public static MenuAction Shell => new(MenuActionKind.Shell);

    public static MenuAction Boot(MenuItem item, string? cmdline, bool edited, bool byTimeout = false) => new(MenuActionKind.Boot, item, cmdline, edited, byTimeout);
}
