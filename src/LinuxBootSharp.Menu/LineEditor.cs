using System.Text;

namespace LinuxBootSharp.Menu;

/// <summary>
/// A one-line editor with the readline/emacs bindings people expect at a boot prompt
/// (GRUB's and petitboot's editors use the same ones).
/// </summary>
internal sealed class LineEditor
{
    /// <summary>x86 COMMAND_LINE_SIZE is 2048 including the NUL (arch/x86/include/asm/setup.h).</summary>
    public const int MaxLength = 2047;

    private readonly StringBuilder _text;

    public LineEditor(string text)
    {
        _text = new StringBuilder(text);
        Cursor = _text.Length;
    }

    public int Cursor { get; private set; }

    public string Text => _text.ToString();

    /// <summary>Applies one key; returns false when the key is not an editing key or could not be applied.</summary>
    public bool Apply(MenuKey key)
    {
        switch (key.Kind)
        {
            case KeyKind.Left: return Move(PreviousBoundary(Cursor));
            case KeyKind.Right: return Move(NextBoundary(Cursor));
            case KeyKind.Home: return Move(0);
            case KeyKind.End: return Move(_text.Length);
            case KeyKind.Backspace:
                if (Cursor == 0) return false;
                int from = PreviousBoundary(Cursor);
                _text.Remove(from, Cursor - from);
                Cursor = from;
                return true;
            case KeyKind.Delete:
                if (Cursor == _text.Length) return false;
                _text.Remove(Cursor, NextBoundary(Cursor) - Cursor);
                return true;
            case KeyKind.Char:
                if (Rune.IsControl(key.Char)) return false;
                Span<char> buf = stackalloc char[2];
                int n = key.Char.EncodeToUtf16(buf);
                if (_text.Length + n > MaxLength) return false;
                _text.Insert(Cursor, buf[..n]);
                Cursor += n;
                return true;
            case KeyKind.Ctrl:
                switch ((char)key.Char.Value)
                {
                    case 'A': return Move(0);
                    case 'E': return Move(_text.Length);
                    case 'B': return Move(PreviousBoundary(Cursor));
                    case 'F': return Move(NextBoundary(Cursor));
                    case 'K': // kill to end of line
                        _text.Length = Cursor;
                        return true;
                    case 'U': // kill to start of line
                        _text.Remove(0, Cursor);
                        Cursor = 0;
                        return true;
                    case 'D': return Apply(MenuKey.Delete);
                }
                return false;
        }
        return false;
    }

    private bool Move(int to)
    {
        Cursor = to;
        return true;
    }

    // Cursor steps over a surrogate pair as one character.
    private int PreviousBoundary(int at)
    {
        if (at == 0) return 0;
        at--;
        if (at > 0 && char.IsLowSurrogate(_text[at]) && char.IsHighSurrogate(_text[at - 1])) at--;
        return at;
    }

    private int NextBoundary(int at)
    {
        if (at >= _text.Length) return _text.Length;
        at++;
        if (at < _text.Length && char.IsLowSurrogate(_text[at]) && char.IsHighSurrogate(_text[at - 1])) at++;
        return at;
    }
}
