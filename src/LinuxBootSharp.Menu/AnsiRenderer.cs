using System.Text;

namespace LinuxBootSharp.Menu;

/// <summary>
/// Draws the menu on an ANSI terminal: the first frame (and after <see cref="Invalidate"/>) clears and
/// draws everything, later frames rewrite only the rows that changed — a countdown tick over a
/// 9600-baud line is one row, not a screen.
/// </summary>
public sealed class AnsiRenderer
{
    private readonly TextWriter _out;
    private readonly FrameComposer _composer = new();
    private ScreenFrame? _shown;
    private bool _cursorVisible;

    /// <param name="size">The terminal's size when the host knows it (TIOCGWINSZ, Console.WindowWidth); 80×24 otherwise.</param>
    public AnsiRenderer(TextWriter output, TerminalSize? size = null)
    {
        _out = output;
        Size = size ?? TerminalSize.Default;
    }

    public TerminalSize Size { get; private set; }

    public void Resize(TerminalSize size)
    {
        Size = size;
        _shown = null;
    }

    /// <summary>Forces a full redraw next time (someone else wrote to the terminal, or Ctrl-L).</summary>
    public void Invalidate() => _shown = null;

    public void Render(ScreenModel screen)
    {
        ScreenFrame frame = _composer.Compose(screen, Size);
        var sb = new StringBuilder();
        bool full = _shown is null || _shown.Lines.Count != frame.Lines.Count;
        if (full)
        {
            sb.Append(Ansi.Reset).Append(Ansi.HideCursor).Append(Ansi.Home).Append(Ansi.EraseDisplay);
            _cursorVisible = false;
        }
        for (int r = 0; r < frame.Lines.Count; r++)
        {
            FrameLine line = frame.Lines[r];
            bool changed = full ? line != FrameLine.Empty : line != _shown!.Lines[r];
            if (!changed) continue;
            if (_cursorVisible)
            {
                // Keep the editor's cursor from flickering across the rows being rewritten.
                sb.Append(Ansi.HideCursor);
                _cursorVisible = false;
            }
            WriteLine(sb, r, line, r == frame.Lines.Count - 1 ? Size.Width - 1 : Size.Width);
        }
        if (frame.CursorVisible)
        {
            sb.Append(Ansi.MoveTo(frame.CursorRow + 1, frame.CursorColumn + 1));
            if (!_cursorVisible) sb.Append(Ansi.ShowCursor);
            _cursorVisible = true;
        }
        else if (_cursorVisible)
        {
            sb.Append(Ansi.HideCursor);
            _cursorVisible = false;
        }
        _out.Write(sb.ToString());
        _out.Flush();
        _shown = frame;
    }

    /// <summary>Leaves the terminal clean for the kernel and the booted system: attributes off, cursor on, screen cleared.</summary>
    public void Close()
    {
        _out.Write(Ansi.Reset + Ansi.ShowCursor + Ansi.Home + Ansi.EraseDisplay);
        _out.Flush();
        _shown = null;
        _cursorVisible = true;
    }

    private static void WriteLine(StringBuilder sb, int row, FrameLine line, int rowWidth)
    {
        sb.Append(Ansi.MoveTo(row + 1, 1));
        string text = line.Text.Length > rowWidth ? line.Text[..rowWidth] : line.Text;
        switch (line.Style)
        {
            case LineStyle.Bold:
                sb.Append(Ansi.Bold).Append(text).Append(Ansi.Reset);
                break;
            case LineStyle.Reverse:
                // Pad instead of erasing: whether EL fills with reverse video differs between terminals.
                sb.Append(Ansi.Reverse).Append(text).Append(' ', rowWidth - text.Length).Append(Ansi.Reset);
                return;
            default:
                sb.Append(text);
                break;
        }
        // After a full-width row the cursor sits in the last column with a wrap pending; EL there
        // would erase the row's last character (xterm), so only erase when the row is shorter.
        if (text.Length < rowWidth) sb.Append(Ansi.EraseLine);
    }
}
