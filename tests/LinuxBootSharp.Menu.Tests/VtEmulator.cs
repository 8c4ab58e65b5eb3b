using System.Globalization;
using System.Text;

namespace LinuxBootSharp.Menu.Tests;

/// <summary>
/// A tiny terminal: interprets exactly the sequences the renderer is allowed to emit (CUP, ED, EL,
/// SGR 0/1/7, DECTCEM) into a character grid with xterm's deferred autowrap. Anything else throws,
/// so a renderer that starts emitting something a serial terminal may not know fails the tests.
/// </summary>
internal sealed class VtEmulator
{
    private readonly string[,] _cells;
    private readonly bool[,] _reverse;
    private readonly bool[,] _bold;
    private bool _wrapPending;
    private bool _sgrReverse;
    private bool _sgrBold;

    public VtEmulator(int width = 80, int height = 24)
    {
        Width = width;
        Height = height;
        _cells = new string[height, width];
        _reverse = new bool[height, width];
        _bold = new bool[height, width];
        Clear(0, 0, height - 1, width - 1);
    }

    public int Width { get; }
    public int Height { get; }
    public int Row { get; private set; }
    public int Column { get; private set; }
    public bool CursorVisible { get; private set; } = true;

    /// <summary>Lines that scrolled off the top: a full-screen menu must never scroll.</summary>
    public int Scrolls { get; private set; }

    public void Feed(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '\e')
            {
                i = Escape(s, i);
                continue;
            }
            switch (c)
            {
                case '\r': Column = 0; _wrapPending = false; continue;
                case '\n': LineFeed(); continue;
            }
            if (c < 0x20 || c is >= '\x7f' and <= '\x9f')
                throw new InvalidOperationException($"control character 0x{(int)c:x2} written to the terminal");
            string cell = char.IsHighSurrogate(c) && i + 1 < s.Length ? s.Substring(i++, 2) : c.ToString();
            Put(cell);
        }
    }

    public string Line(int row)
    {
        var sb = new StringBuilder();
        for (int c = 0; c < Width; c++) sb.Append(_cells[row, c]);
        return sb.ToString().TrimEnd();
    }

    public string[] Lines => Enumerable.Range(0, Height).Select(Line).ToArray();

    /// <summary>The screen as text, trailing blanks trimmed, for failure messages.</summary>
    public override string ToString() => string.Join("\n", Lines);

    public bool IsReverse(int row, int column = 0) => _reverse[row, column];

    public bool IsBold(int row, int column = 0) => _bold[row, column];

    /// <summary>Rows shown in reverse video (the selection bar).</summary>
    public int[] ReverseRows => Enumerable.Range(0, Height).Where(r => _reverse[r, 0]).ToArray();

    public int FindRow(string text)
    {
        for (int r = 0; r < Height; r++)
            if (Line(r).Contains(text, StringComparison.Ordinal)) return r;
        return -1;
    }

    private void Put(string cell)
    {
        if (_wrapPending)
        {
            Column = 0;
            LineFeed();
        }
        _cells[Row, Column] = cell;
        _reverse[Row, Column] = _sgrReverse;
        _bold[Row, Column] = _sgrBold;
        if (Column == Width - 1) _wrapPending = true;
        else Column++;
    }

    private void LineFeed()
    {
        _wrapPending = false;
        if (Row < Height - 1)
        {
            Row++;
            return;
        }
        Scrolls++;
        for (int r = 1; r < Height; r++)
            for (int c = 0; c < Width; c++)
            {
                _cells[r - 1, c] = _cells[r, c];
                _reverse[r - 1, c] = _reverse[r, c];
                _bold[r - 1, c] = _bold[r, c];
            }
        Clear(Height - 1, 0, Height - 1, Width - 1);
    }

    private int Escape(string s, int i)
    {
        if (i + 1 >= s.Length || s[i + 1] != '[') throw new InvalidOperationException("ESC not followed by [");
        int j = i + 2;
        bool priv = j < s.Length && s[j] == '?';
        if (priv) j++;
        int start = j;
        while (j < s.Length && (char.IsAsciiDigit(s[j]) || s[j] == ';')) j++;
        if (j >= s.Length) throw new InvalidOperationException("unterminated CSI");
        string[] ps = s[start..j].Split(';');
        int P(int k, int dflt) => k < ps.Length && ps[k].Length > 0 ? int.Parse(ps[k], CultureInfo.InvariantCulture) : dflt;
        char final = s[j];
        _wrapPending = final is not ('m' or 'h' or 'l') && _wrapPending;
        switch (priv, final)
        {
            case (true, 'h' or 'l') when P(0, 0) == 25:
                CursorVisible = final == 'h';
                break;
            case (false, 'H'):
                Row = Math.Clamp(P(0, 1), 1, Height) - 1;
                Column = Math.Clamp(P(1, 1), 1, Width) - 1;
                _wrapPending = false;
                break;
            case (false, 'J') when P(0, 0) == 2:
                Clear(0, 0, Height - 1, Width - 1);
                break;
            case (false, 'K') when P(0, 0) == 0:
                // EL 0 from the cursor (ECMA-48 §8.3.41); with a wrap pending xterm erases the last column.
                Clear(Row, Column, Row, Width - 1);
                break;
            case (false, 'm'):
                foreach (string p in ps)
                {
                    switch (p.Length == 0 ? 0 : int.Parse(p, CultureInfo.InvariantCulture))
                    {
                        case 0: _sgrBold = _sgrReverse = false; break;
                        case 1: _sgrBold = true; break;
                        case 7: _sgrReverse = true; break;
                        default: throw new InvalidOperationException($"SGR {p} not expected");
                    }
                }
                break;
            default:
                throw new InvalidOperationException($"unexpected sequence ESC [{(priv ? "?" : "")}{s[start..j]}{final}");
        }
        return j;
    }

    private void Clear(int r0, int c0, int r1, int c1)
    {
        for (int r = r0; r <= r1; r++)
            for (int c = r == r0 ? c0 : 0; c <= (r == r1 ? c1 : Width - 1); c++)
            {
                _cells[r, c] = " ";
                _reverse[r, c] = false;
                _bold[r, c] = false;
            }
    }
}
