namespace LinuxBootSharp.Menu;

/// <summary>One terminal row: text already cleaned and fitted to the width.</summary>
public readonly record struct FrameLine(string Text, LineStyle Style = LineStyle.Normal)
{
    public static FrameLine Empty => new("");
}
