namespace LinuxBootSharp.Menu;

/// <summary>Whole-line attributes: only bold and reverse video, which every VT100 descendant, the Linux console and serial terminal emulators render.</summary>
public enum LineStyle
{
    Normal,
    Bold,
    Reverse,
}
