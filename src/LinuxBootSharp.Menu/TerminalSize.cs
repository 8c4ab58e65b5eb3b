namespace LinuxBootSharp.Menu;

/// <summary>Columns × rows. A serial line reports no size (Console.WindowWidth is 0), so 80×24 is assumed.</summary>
public readonly record struct TerminalSize(int Width, int Height)
{
    public static TerminalSize Default => new(80, 24);

    /// <summary>The given size, or 80×24 when either dimension is unknown (0) or too small to draw a menu.</summary>
    public static TerminalSize OrDefault(int width, int height) =>
        width >= MenuLayout.MinWidth && height >= MenuLayout.MinHeight ? new(width, height) : Default;
}
