namespace LinuxBootSharp.Menu;

/// <summary>A screen laid out for one terminal size: exactly one line per row, plus the text cursor (shown only in the editor).</summary>
public sealed record ScreenFrame(IReadOnlyList<FrameLine> Lines, bool CursorVisible, int CursorRow, int CursorColumn);
