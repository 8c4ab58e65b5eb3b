namespace LinuxBootSharp.Menu;

/// <summary>The machine's answer to one input.</summary>
/// <param name="Cmdline">For <see cref="MenuActionKind.Boot"/>: the command line to use (the item's own unless <paramref name="Edited"/>).</param>
public readonly record struct MenuAction(MenuActionKind Kind, MenuItem? Item = null, string? Cmdline = null, bool Edited = false)
{
    public static MenuAction None => new(MenuActionKind.None);
    public static MenuAction Redraw => new(MenuActionKind.Redraw);
    public static MenuAction Repaint => new(MenuActionKind.Repaint);
    public static MenuAction Rescan => new(MenuActionKind.Rescan);
    public static MenuAction Shell => new(MenuActionKind.Shell);

    public static MenuAction Boot(MenuItem item, string? cmdline, bool edited) => new(MenuActionKind.Boot, item, cmdline, edited);
}
