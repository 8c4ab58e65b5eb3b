using System.Text;

namespace LinuxBootSharp.Menu;

/// <summary>
/// Decodes the bytes a terminal sends in raw mode into <see cref="MenuKey"/>s, without terminfo:
/// the VT100/xterm and Linux console encodings (xterm ctlseqs "PC-Style Function Keys";
/// console_codes(4)), UTF-8 text, and C0 controls. Bytes may arrive split across reads at any point.
/// A lone ESC is only known to be the Escape key once <see cref="EscapeTimeout"/> passes without a
/// follow-up byte, so the host calls <see cref="Flush"/> when its poll times out. Malformed or
/// unknown sequences are dropped whole; the decoder never waits for more than one timeout.
/// One decoder per console.
/// </summary>
public sealed class AnsiKeyDecoder
{
    /// <summary>vim's ttimeoutlen default; at 9600 baud a 3-byte sequence takes ~3 ms to arrive.</summary>
    public static readonly TimeSpan DefaultEscapeTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>Longer parameter strings than this are not keys (ECMA-48 puts no limit; we must).</summary>
    private const int MaxSequenceLength = 16;

    private enum State
    {
        Ground,
        Escape,
        /// <summary>After ESC [ (ECMA-48 §5.4: parameter bytes 0x30-0x3F, intermediates 0x20-0x2F, final 0x40-0x7E).</summary>
        Csi,
        /// <summary>A CSI that is too long: swallow it up to its final byte.</summary>
        CsiDiscard,
        /// <summary>After ESC [ [: the Linux console's F1-F5 (console_codes(4)).</summary>
        LinuxFunction,
        /// <summary>After ESC O (SS3, ECMA-48 §8.3.143): application-mode cursor keys and F1-F4.</summary>
        Ss3,
        Utf8,
    }

    private readonly byte[] _buffer = new byte[MaxSequenceLength];
    private State _state;
    private int _length;
    private int _utf8Length;
    private TimeSpan _started;
    private bool _afterCr;
    private (int Row, int Column)? _cursorReport;

    public AnsiKeyDecoder(TimeSpan? escapeTimeout = null) => EscapeTimeout = escapeTimeout ?? DefaultEscapeTimeout;

    public TimeSpan EscapeTimeout { get; }

    /// <summary>A sequence is incomplete; call <see cref="Flush"/> at <see cref="PendingDeadline"/>.</summary>
    public bool HasPending => _state != State.Ground;

    public TimeSpan? PendingDeadline => HasPending ? _started + EscapeTimeout : null;

    /// <summary>
    /// The answer to <see cref="Ansi.QueryScreenSize"/> (a cursor position report, CSI row ; col R),
    /// once: a serial line has no TIOCGWINSZ, but the terminal at its other end knows its size.
    /// </summary>
    public bool TryTakeCursorReport(out int row, out int column)
    {
        (row, column) = _cursorReport ?? (0, 0);
        bool had = _cursorReport is not null;
        _cursorReport = null;
        return had;
    }

    /// <summary>Decodes bytes read at <paramref name="now"/> (any monotonic clock).</summary>
    public void Feed(ReadOnlySpan<byte> data, TimeSpan now, ICollection<MenuKey> keys)
    {
        // A sequence that stalled past the timeout is over, even if nobody called Flush.
        Flush(now, keys);
        foreach (byte b in data) Step(b, now, keys);
    }

    public List<MenuKey> Feed(ReadOnlySpan<byte> data, TimeSpan now)
    {
        var keys = new List<MenuKey>();
        Feed(data, now, keys);
        return keys;
    }

    /// <summary>Ends a sequence older than the timeout: a lone ESC becomes Escape, a partial sequence is dropped.</summary>
    public void Flush(TimeSpan now, ICollection<MenuKey> keys)
    {
        if (_state == State.Ground || now - _started < EscapeTimeout) return;
        if (_state == State.Escape) keys.Add(MenuKey.Escape);
        _state = State.Ground;
    }

    public List<MenuKey> Flush(TimeSpan now)
    {
        var keys = new List<MenuKey>();
        Flush(now, keys);
        return keys;
    }

    private void Step(byte b, TimeSpan now, ICollection<MenuKey> keys)
    {
        switch (_state)
        {
            case State.Ground: Ground(b, now, keys); break;
            case State.Escape: AfterEscape(b, now, keys); break;
            case State.Csi: InCsi(b, now, keys); break;
            case State.CsiDiscard:
                if (b is >= 0x40 and <= 0x7e) _state = State.Ground;
                else if (b is < 0x20 or > 0x7e) Abort(b, now, keys);
                break;
            case State.LinuxFunction:
                _state = State.Ground;
                if (b is >= (byte)'A' and <= (byte)'E') keys.Add(MenuKey.Function(b - 'A' + 1));
                else if (b is < 0x20 or > 0x7e) Ground(b, now, keys);
                break;
            case State.Ss3: InSs3(b, now, keys); break;
            case State.Utf8: InUtf8(b, now, keys); break;
        }
    }

    private void Ground(byte b, TimeSpan now, ICollection<MenuKey> keys)
    {
        bool afterCr = _afterCr;
        _afterCr = false;
        switch (b)
        {
            case 0x1b:
                Begin(State.Escape, now);
                return;
            case (byte)'\r':
                _afterCr = true;
                keys.Add(MenuKey.Enter);
                return;
            case (byte)'\n':
                // Terminals send CR, LF or CR LF for Enter (ICRNL is off in raw mode): CR LF is one key.
                if (!afterCr) keys.Add(MenuKey.Enter);
                return;
            case 0x7f or 0x08: // DEL is Backspace on VT220-style terminals and the Linux console; BS on others
                keys.Add(MenuKey.Backspace);
                return;
            case (byte)'\t':
                keys.Add(MenuKey.Tab);
                return;
            case >= 0x01 and <= 0x1a:
                keys.Add(MenuKey.Ctrl((char)('A' + b - 1)));
                return;
            case < 0x20: // NUL (a serial BREAK reads as one), FS, GS, RS, US
                return;
            case < 0x7f:
                keys.Add(MenuKey.Character((char)b));
                return;
        }
        // UTF-8 lead bytes (RFC 3629 §4: C2-DF, E0-EF, F0-F4); stray continuation and invalid bytes are dropped.
        _utf8Length = b switch
        {
            >= 0xc2 and <= 0xdf => 2,
            >= 0xe0 and <= 0xef => 3,
            >= 0xf0 and <= 0xf4 => 4,
            _ => 0,
        };
        if (_utf8Length == 0) return;
        Begin(State.Utf8, now);
        _buffer[_length++] = b;
    }

    private void AfterEscape(byte b, TimeSpan now, ICollection<MenuKey> keys)
    {
        switch (b)
        {
            case (byte)'[': Begin(State.Csi, now); break;
            case (byte)'O': Begin(State.Ss3, now); break;
            case 0x1b:
                keys.Add(MenuKey.Escape);
                Begin(State.Escape, now);
                break;
            default:
                // ESC then an ordinary key (or Alt+key): the user pressed Escape, then the key.
                keys.Add(MenuKey.Escape);
                _state = State.Ground;
                Ground(b, now, keys);
                break;
        }
    }

    private void InCsi(byte b, TimeSpan now, ICollection<MenuKey> keys)
    {
        if (_length == 0 && b == '[')
        {
            _state = State.LinuxFunction;
            return;
        }
        if (b is >= 0x20 and <= 0x3f)
        {
            if (_length == _buffer.Length) _state = State.CsiDiscard;
            else _buffer[_length++] = b;
            return;
        }
        if (b is >= 0x40 and <= 0x7e)
        {
            _state = State.Ground;
            if (b == 'R' && CursorReport(_buffer.AsSpan(0, _length)) is { } at) _cursorReport = at;
            else if (CsiKey(_buffer.AsSpan(0, _length), (char)b) is { } key) keys.Add(key);
            return;
        }
        Abort(b, now, keys);
    }

    private void InSs3(byte b, TimeSpan now, ICollection<MenuKey> keys)
    {
        if (b is >= (byte)'0' and <= (byte)'9' or (byte)';')
        {
            // Some terminals put a modifier here (ESC O 5 P); ignore it, but bound it.
            if (++_length > MaxSequenceLength) _state = State.Ground;
            return;
        }
        _state = State.Ground;
        MenuKey? key = (char)b switch
        {
            'A' => MenuKey.Up,
            'B' => MenuKey.Down,
            'C' => MenuKey.Right,
            'D' => MenuKey.Left,
            'H' => MenuKey.Home,
            'F' => MenuKey.End,
            'M' => MenuKey.Enter, // keypad Enter in application mode
            >= 'P' and <= 'S' => MenuKey.Function(b - 'P' + 1),
            _ => null,
        };
        if (key is { } k) keys.Add(k);
        else if (b is < 0x20 or > 0x7e) Abort(b, now, keys);
    }

    private void InUtf8(byte b, TimeSpan now, ICollection<MenuKey> keys)
    {
        if ((b & 0xc0) != 0x80)
        {
            Abort(b, now, keys);
            return;
        }
        _buffer[_length++] = b;
        if (_length < _utf8Length) return;
        _state = State.Ground;
        // DecodeFromUtf8 rejects overlong forms and surrogates that the lead-byte ranges let through.
        if (Rune.DecodeFromUtf8(_buffer.AsSpan(0, _length), out Rune rune, out _) == System.Buffers.OperationStatus.Done
            && !Rune.IsControl(rune))
            keys.Add(MenuKey.Character(rune));
    }

    /// <summary>A byte that cannot continue the sequence: drop the sequence, then read the byte afresh.</summary>
    private void Abort(byte b, TimeSpan now, ICollection<MenuKey> keys)
    {
        _state = State.Ground;
        Ground(b, now, keys);
    }

    private void Begin(State state, TimeSpan now)
    {
        _state = state;
        _length = 0;
        _started = now;
    }

    /// <summary>
    /// CPR is CSI row ; column R (ECMA-48 §8.3.14). xterm sends CSI 1 ; mod R for a modified F3, so a
    /// report on row 1 is read as that key; the size probe parks the cursor on the bottom row anyway.
    /// </summary>
    private static (int, int)? CursorReport(ReadOnlySpan<byte> parameters)
    {
        int semicolon = parameters.IndexOf((byte)';');
        if (semicolon <= 0 || !TryNumber(parameters[..semicolon], out int row) || !TryNumber(parameters[(semicolon + 1)..], out int column))
            return null;
        return row > 1 && column >= 1 ? (row, column) : null;
    }

    private static bool TryNumber(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        if (digits.IsEmpty || digits.Length > 4) return false;
        foreach (byte d in digits)
        {
            if (d is < (byte)'0' or > (byte)'9') return false;
            value = value * 10 + (d - '0');
        }
        return true;
    }

    /// <summary>Maps a complete CSI to a key. Modifiers (the ";5" of ESC [ 1 ; 5 C) are ignored; private (ESC [ ?) and unknown sequences give null.</summary>
    private static MenuKey? CsiKey(ReadOnlySpan<byte> parameters, char final)
    {
        if (parameters.Length > 0 && parameters[0] is (byte)'?' or (byte)'<' or (byte)'=' or (byte)'>') return null;
        int first = 0;
        bool hasFirst = false;
        foreach (byte p in parameters)
        {
            if (p == ';') break;
            if (p is < (byte)'0' or > (byte)'9') return null; // intermediates: not a key
            first = first * 10 + (p - '0');
            hasFirst = true;
            if (first > 1000) return null;
        }
        switch (final)
        {
            case 'A': return MenuKey.Up;
            case 'B': return MenuKey.Down;
            case 'C': return MenuKey.Right;
            case 'D': return MenuKey.Left;
            case 'H': return MenuKey.Home;
            case 'F': return MenuKey.End;
            // xterm's modified F1-F4 (ESC [ 1 ; 2 P). Unmodified CSI P..S are editing functions, not keys,
            // and CSI row ; col R is a cursor position report.
            case >= 'P' and <= 'S' when hasFirst && first == 1 && parameters.Length > 1:
                return MenuKey.Function(final - 'P' + 1);
            case '~':
                return first switch
                {
                    1 or 7 => MenuKey.Home,
                    2 => MenuKey.Insert,
                    3 => MenuKey.Delete,
                    4 or 8 => MenuKey.End,
                    5 => MenuKey.PageUp,
                    6 => MenuKey.PageDown,
                    >= 11 and <= 15 => MenuKey.Function(first - 10),
                    >= 17 and <= 21 => MenuKey.Function(first - 11),
                    23 or 24 => MenuKey.Function(first - 12),
                    _ => null,
                };
            default:
                return null;
        }
    }
}
