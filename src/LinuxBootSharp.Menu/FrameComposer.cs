namespace LinuxBootSharp.Menu;

/// <summary>
/// Lays a <see cref="ScreenModel"/> out on one terminal (rows as in <see cref="MenuLayout"/>). Keeps the
/// list's scroll window between frames, so it moves only when the selection would leave it — one
/// composer per console.
/// </summary>
public sealed class FrameComposer
{
    private int _first;

    public ScreenFrame Compose(ScreenModel s, TerminalSize size)
    {
        int w = size.Width, h = Math.Max(size.Height, MenuLayout.MinHeight);
        var lines = new FrameLine[h];
        Array.Fill(lines, FrameLine.Empty);
        int rows = MenuLayout.ListRows(h);
        if (s.View == MenuView.Waiting)
        {
            // GRUB's countdown and hidden styles: no menu, only the countdown line (or nothing).
            if (s.Countdown is { } waiting) lines[MenuLayout.TitleRow] = Line(waiting, w);
            return new ScreenFrame(lines, false, 0, 0);
        }

        string title = s.Header is { Length: > 0 } header ? $"{s.Title}  {header}" : s.Title;
        lines[MenuLayout.TitleRow] = Line(title, w, LineStyle.Bold);

        (bool visible, int row, int col) cursor = (false, 0, 0);
        switch (s.View)
        {
            case MenuView.Details when s.Details is { } d:
                lines[MenuLayout.PathRow] = Line($"Details: {d.Item.Title}", w);
                ComposeDetails(d, lines, w, rows);
                break;
            case MenuView.Edit when s.Editor is { } e:
                lines[MenuLayout.PathRow] = Line($"Edit command line: {e.Item.Title}", w);
                cursor = ComposeEditor(e, lines, w, rows);
                break;
            default:
                lines[MenuLayout.PathRow] = Line(string.Join(" > ", s.Path), w);
                ComposeList(s, lines, w, rows);
                break;
        }

        if (s.Countdown is { } c) lines[MenuLayout.CountdownRow(h)] = Line(c, w);
        if (s.Status is { } st) lines[MenuLayout.StatusRow(h)] = Line(st, w, LineStyle.Bold);
        // The last row stops one column short: a character in the bottom-right cell can scroll
        // terminals without deferred wrap (the VT100's "last column flag" is not universal).
        lines[MenuLayout.FooterRow(h)] = Line(s.Footer, w - 1);
        return new ScreenFrame(lines, cursor.visible, cursor.row, cursor.col);
    }

    private void ComposeList(ScreenModel s, FrameLine[] lines, int w, int rows)
    {
        var items = s.Items;
        if (items.Count == 0)
        {
            lines[MenuLayout.FirstListRow] = Line("  (no boot entries)", w);
            _first = 0;
        }
        int sel = s.Selected;
        if (sel >= 0 && sel < _first) _first = sel;
        if (sel >= _first + rows) _first = sel - rows + 1;
        _first = Math.Clamp(_first, 0, Math.Max(0, items.Count - rows));

        int numberWidth = items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
        for (int i = 0; i < rows && _first + i < items.Count; i++)
        {
            int index = _first + i;
            lines[MenuLayout.FirstListRow + i] = ItemLine(items[index], index, numberWidth, w, index == sel);
        }
        int below = items.Count - _first - rows;
        lines[MenuLayout.TopRuleRow] = Rule(w, _first > 0 ? $"^ {_first} more" : null);
        lines[MenuLayout.BottomRuleRow(lines.Length)] = Rule(w, below > 0 ? $"v {below} more" : null);
    }

    private static FrameLine ItemLine(MenuItem item, int index, int numberWidth, int w, bool selected)
    {
        string number = (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(numberWidth);
        // Markers are words, not colours: a serial console may show neither colour nor dim text.
        string prefix = $"{(selected ? '>' : ' ')} {number}. ";
        string tags = (item.IsSubmenu ? " >" : "")
            + (item.Hotkey is { } key ? $" [{HotkeyLabel(key)}]" : "")
            + (item.IsDefault ? " (default)" : "")
            + (item.Enabled ? "" : " (unavailable)");
        string title = TextFit.Truncate(TextFit.Clean(item.Title), Math.Max(4, w - prefix.Length - tags.Length));
        return new FrameLine(TextFit.Truncate(prefix + title + tags, w), selected ? LineStyle.Reverse : LineStyle.Normal);
    }

    /// <summary>How an item's hotkey is shown in its line: the character itself, or the key's name (F5, Tab).</summary>
    public static string HotkeyLabel(MenuKey key) => key.Kind == KeyKind.Char ? key.Char.ToString() : key.ToString();

    private static void ComposeDetails(DetailsScreen d, FrameLine[] lines, int w, int rows)
    {
        int row = 0;
        bool more = false;
        for (int i = d.Top; i < d.Lines.Count && !more; i++)
        {
            foreach (string part in TextFit.Wrap(TextFit.Clean(d.Lines[i]), w, 2))
            {
                if (row == rows) { more = true; break; }
                lines[MenuLayout.FirstListRow + row++] = new FrameLine(part);
            }
        }
        lines[MenuLayout.TopRuleRow] = Rule(w, d.Top > 0 ? $"^ {d.Top} more" : null);
        lines[MenuLayout.BottomRuleRow(lines.Length)] = Rule(w, more ? "v more" : null);
    }

    private static (bool, int, int) ComposeEditor(EditorScreen e, FrameLine[] lines, int w, int rows)
    {
        // Hard wrap at exactly w columns, so the cursor's row and column are plain division.
        string text = TextFit.Clean(e.Text);
        int textRows = text.Length / w + 1;
        int cursorRow = e.Cursor / w;
        int first = Math.Max(0, cursorRow - rows + 1);
        for (int r = 0; r < rows && first + r < textRows; r++)
        {
            int at = (first + r) * w;
            if (at < text.Length) lines[MenuLayout.FirstListRow + r] = new FrameLine(text.Substring(at, Math.Min(w, text.Length - at)));
        }
        lines[MenuLayout.TopRuleRow] = Rule(w, first > 0 ? "^ more" : null);
        lines[MenuLayout.BottomRuleRow(lines.Length)] = Rule(w, first + rows < textRows ? "v more" : null);
        return (true, MenuLayout.FirstListRow + cursorRow - first, e.Cursor % w);
    }

    private static FrameLine Line(string text, int width, LineStyle style = LineStyle.Normal) =>
        new(TextFit.Truncate(TextFit.Clean(text), width), style);

    private static FrameLine Rule(int w, string? label) =>
        new(label is null ? new string('-', w) : ($"--- {label} " + new string('-', w))[..w]);
}
