namespace LinuxBootSharp.Menu;

/// <summary>
/// For TERM=dumb, line-buffered consoles and logs: never moves the cursor, prints a numbered list
/// once, then only what changed (a countdown line per second, a status line), and a prompt whose
/// answers <see cref="DumbLineInput"/> understands.
/// </summary>
public sealed class DumbRenderer
{
    private readonly TextWriter _out;
    private MenuView? _view;
    private IReadOnlyList<MenuItem>? _items;
    private MenuItem? _subject;
    private string? _countdown;
    private string? _status;
    private bool _atLineStart = true;

    public DumbRenderer(TextWriter output) => _out = output;

    /// <summary>Tell the renderer the user finished a line: the terminal's echo already moved to a new line, and a repeated error should print again.</summary>
    public void LineEntered()
    {
        _atLineStart = true;
        _status = null;
    }

    /// <summary>Prints the whole menu again on the next render.</summary>
    public void Invalidate() => _view = null;

    public void Render(ScreenModel s)
    {
        bool printed = false;
        switch (s.View)
        {
            case MenuView.Details when s.Details is { } d:
                if (_view != MenuView.Details || !ReferenceEquals(_subject, d.Item))
                {
                    Line($"Details for '{d.Item.Title}':");
                    foreach (string l in d.Lines) Line("  " + l);
                    printed = true;
                }
                _subject = d.Item;
                break;
            case MenuView.Edit when s.Editor is { } e:
                if (_view != MenuView.Edit || !ReferenceEquals(_subject, e.Item))
                {
                    Line($"Command line for '{e.Item.Title}':");
                    Line("  " + e.Text);
                    printed = true;
                }
                _subject = e.Item;
                break;
            case MenuView.Waiting:
                // GRUB's countdown/hidden styles: no list; only the countdown lines below (or nothing).
                _subject = null;
                _view = s.View;
                if (s.Countdown is { } w && w != _countdown) Line(w);
                _countdown = s.Countdown;
                _out.Flush();
                return;
            default:
                if (_view != MenuView.List || !ReferenceEquals(_items, s.Items))
                {
                    PrintList(s);
                    printed = true;
                }
                _subject = null;
                break;
        }
        _view = s.View;
        _items = s.Items;

        if (s.Status is { } status && (status != _status || printed))
        {
            Line(status);
            printed = true;
        }
        _status = s.Status;

        if (printed) Prompt(s);

        if (s.Countdown is { } c && c != _countdown) Line(c);
        _countdown = s.Countdown;
        _out.Flush();
    }

    private void PrintList(ScreenModel s)
    {
        Line(s.Header is { Length: > 0 } h ? $"{s.Title}  {h}" : s.Title);
        if (s.Path.Count > 0) Line(string.Join(" > ", s.Path));
        if (s.Items.Count == 0) Line("  (no boot entries)");
        int width = s.Items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
        for (int i = 0; i < s.Items.Count; i++)
        {
            MenuItem item = s.Items[i];
            string number = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(width);
            string tags = (item.IsSubmenu ? " >" : "")
                + (item.Hotkey is { } key ? $" [key {FrameComposer.HotkeyLabel(key)}]" : "")
                + (item.IsDefault ? " (default)" : "")
                + (item.Enabled ? "" : $" (unavailable: {item.DisabledReason ?? "unknown reason"})")
                + (item.EditDeniedReason is null || !s.EditingAllowed ? "" : " (no editing)");
            Line($"  {number}) {item.Title}{tags}");
        }
    }

    private void Prompt(ScreenModel s)
    {
        string text = s.View switch
        {
            MenuView.Details => "Press Enter to return: ",
            MenuView.Edit => "New command line (Enter keeps it, '.' cancels): ",
            _ => ListPrompt(s),
        };
        Write(text);
    }

    private static string ListPrompt(ScreenModel s)
    {
        var parts = new List<string>();
        if (s.Items.Count > 0) parts.Add($"Select [1-{s.Items.Count}]");
        if (s.Path.Count > 0) parts.Add("0 to go back");
        if (s.Items.Count > 0)
        {
            if (s.EditingAllowed) parts.Add("e N to edit");
            parts.Add("d N for details");
        }
        parts.Add("r to rescan");
        if (s.ShellAvailable) parts.Add("s for shell");
        if (s.Items.Count > 0) parts.Add("Enter for default");
        return string.Join(", ", parts) + ": ";
    }

    private void Line(string text)
    {
        if (!_atLineStart) _out.Write('\n');
        _out.Write(TextFit.Clean(text));
        _out.Write('\n');
        _atLineStart = true;
    }

    private void Write(string text)
    {
        if (!_atLineStart) _out.Write('\n');
        _out.Write(TextFit.Clean(text));
        _atLineStart = false;
    }
}
