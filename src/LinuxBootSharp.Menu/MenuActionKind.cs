namespace LinuxBootSharp.Menu;

/// <summary>What the host has to do after feeding the machine a key or a tick.</summary>
public enum MenuActionKind
{
    /// <summary>Nothing changed on screen.</summary>
    None,
    /// <summary>The screen changed: render it (renderers only rewrite what differs).</summary>
    Redraw,
    /// <summary>Redraw from scratch (Ctrl-L, as in shells and editors, after line noise on a serial line).</summary>
    Repaint,
    /// <summary>Boot <see cref="MenuAction.Item"/> with <see cref="MenuAction.Cmdline"/>.</summary>
    Boot,
    Rescan,
    Shell,
}
