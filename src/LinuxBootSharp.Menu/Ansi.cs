using System.Globalization;

namespace LinuxBootSharp.Menu;

/// <summary>
/// The few escape sequences the renderer emits. All are in ECMA-48, the VT100 and the Linux console
/// (console_codes(4)), so they work on a VT and over serial without terminfo.
/// </summary>
public static class Ansi
{
    /// <summary>Control Sequence Introducer in its 7-bit form ESC [ (ECMA-48 §5.4); the 8-bit 0x9B is not safe on UTF-8 terminals.</summary>
    public const string Csi = "\e[";

    /// <summary>CUP to the top-left cell (ECMA-48 §8.3.21).</summary>
    public const string Home = Csi + "H";

    /// <summary>ED 2: erase the whole display (ECMA-48 §8.3.39).</summary>
    public const string EraseDisplay = Csi + "2J";

    /// <summary>EL 0: erase from the cursor to the end of the line (ECMA-48 §8.3.41).</summary>
    public const string EraseLine = Csi + "K";

    /// <summary>SGR 0, 1 and 7: reset, bold, reverse video (ECMA-48 §8.3.117).</summary>
    public const string Reset = Csi + "0m";
    public const string Bold = Csi + "1m";
    public const string Reverse = Csi + "7m";

    /// <summary>DECTCEM, private mode 25 (xterm ctlseqs "DEC Private Mode Set"; console_codes(4) "ESC [ ? 25 h/l").</summary>
    public const string ShowCursor = Csi + "?25h";
    public const string HideCursor = Csi + "?25l";

    /// <summary>
    /// Asks the terminal for its size where no ioctl can (a serial line): save the cursor (DECSC, ESC 7),
    /// move far past the bottom-right corner — CUP stops at the margins (ECMA-48 §8.3.21) — ask for the
    /// cursor position (DSR 6, ECMA-48 §8.3.35; console_codes(4) "ESC [ 6 n"), restore (DECRC, ESC 8).
    /// The answer arrives as input: see <see cref="AnsiKeyDecoder.TryTakeCursorReport"/>. Terminals that
    /// do not answer leave the 80×24 default in place.
    /// </summary>
    public const string QueryScreenSize = "\e7" + Csi + "999;999H" + Csi + "6n\e8";

    /// <summary>CUP with 1-based row and column (ECMA-48 §8.3.21).</summary>
    public static string MoveTo(int row, int column) =>
        string.Create(CultureInfo.InvariantCulture, $"{Csi}{row};{column}H");
}
