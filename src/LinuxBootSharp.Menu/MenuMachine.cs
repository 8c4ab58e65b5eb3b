namespace LinuxBootSharp.Menu;

/// <summary>
/// The boot menu as a pure state machine: keys (<see cref="Press"/>) and elapsed time (<see cref="Tick"/>)
/// in, a <see cref="MenuAction"/> and a <see cref="Screen"/> out. No I/O and no clock of its own, so
/// every behaviour is a deterministic key sequence in tests, and several consoles can share one menu.
/// </summary>
/// <remarks>
/// A host loop: one <see cref="AnsiKeyDecoder"/> and one renderer per console, one machine, one
/// <see cref="ConsoleArbiter"/>. Poll the consoles with a timeout of at most the decoder's
/// <see cref="AnsiKeyDecoder.PendingDeadline"/> and 100 ms; feed what arrived (keys only from the
/// console the arbiter accepts), <see cref="Tick"/> the elapsed time, <see cref="AnsiKeyDecoder.Flush"/>
/// the decoders, and render the <see cref="Screen"/> on every console after Redraw. On Boot, load the
/// entry; if that fails, <see cref="SetStatus"/> the error and keep looping. On Rescan, rescan and
/// <see cref="ReplaceItems"/>.
/// <para>
/// Timeout styles (GRUB's timeout_style, grub-core/normal/menu.c run_menu): with
/// <see cref="CountdownStyle.Countdown"/> or <see cref="CountdownStyle.Hidden"/> the machine starts in
/// <see cref="MenuView.Waiting"/>: no menu, only the countdown line (Countdown) or nothing (Hidden). A
/// hotkey of a top-level item boots it at once, as GRUB checks hotkeys first; any other key shows the
/// menu with the countdown stopped and is not acted on. GRUB itself reacts only to Esc and F4 (F8 in
/// some distributions' builds) and to a held Shift; we take any key because a serial terminal may send
/// F4/F8 in an encoding the decoder does not know and cannot send Shift alone at all, and because the
/// Menu style stops the countdown on any key too. A zero timeout boots the default from
/// <see cref="Start"/> unless a key was already pending.
/// </para>
/// <para>
/// Key precedence in the list view: first the menu's own keys — GRUB's (arrows, PgUp/PgDn, Home/End,
/// Enter, Esc/Left/Right, <c>e</c>, <c>c</c>, which GRUB uses for its command line and lbs reserves)
/// and lbs's (<c>d</c>, Tab, <c>r</c>, <c>s</c>, digits, Ctrl-L) — then the hotkeys of the items of the
/// current level only (hidden items included), the first item with the key winning, as GRUB's
/// get_entry_index_by_hotkey searches the current menu. So a hotkey bound to <c>e</c> boots nothing
/// while the menu is drawn, but does in the Waiting view. A hotkey boots at once, never with fallbacks.
/// </para>
/// </remarks>
public sealed class MenuMachine
{
    private sealed class Level(MenuItem? menu)
    {
        public MenuItem? Menu { get; } = menu;
        public int Selected { get; set; } = -1;
    }

    private readonly MenuModel _model;
    private readonly Countdown _countdown;
    private readonly DigitJump _digits = new();
    private readonly List<Level> _levels = [];
    private readonly Dictionary<IReadOnlyList<MenuItem>, IReadOnlyList<MenuItem>> _visible = new(ReferenceEqualityComparer.Instance);
    private IReadOnlyList<MenuItem> _items;
    private MenuItem? _target;
    private MenuView _view;
    private MenuItem? _subject;
    private LineEditor? _editor;
    private int _detailsTop;
    private string? _status;
    private bool _touched;
    private TimeSpan _clock;

    public MenuMachine(MenuModel model, TerminalSize? size = null)
    {
        _model = model;
        _items = model.Items;
        _countdown = new Countdown(model.Timeout);
        PageRows = MenuLayout.ListRows((size ?? TerminalSize.Default).Height);
        _target = MenuTree.DefaultPath(_items)?[^1];
        ResetToTarget();
        if (model.CountdownStyle != CountdownStyle.Menu && _countdown.Running) _view = MenuView.Waiting;
    }

    public MenuView View => _view;

    public bool CountdownRunning => _countdown.Running;

    /// <summary>The item under the selection bar in the current (sub)menu.</summary>
    public MenuItem? SelectedItem => Selected(Current);

    /// <summary>Rows one PgUp/PgDn moves: the list height of the console that drives the menu.</summary>
    public int PageRows { get; private set; }

    public void Resize(TerminalSize size) => PageRows = MenuLayout.ListRows(size.Height);

    /// <summary>
    /// Call once after feeding any keys that were already pending: with a zero timeout and no key
    /// pressed this boots the default at once; otherwise it asks for the first draw.
    /// </summary>
    public MenuAction Start()
    {
        MenuAction a = Tick(TimeSpan.Zero);
        return a.Kind == MenuActionKind.None ? MenuAction.Redraw : a;
    }

    /// <summary>Advances the countdown and the digit window; returns Boot when the countdown runs out.</summary>
    public MenuAction Tick(TimeSpan elapsed)
    {
        if (elapsed > TimeSpan.Zero) _clock += elapsed;
        if (!_countdown.Running) return MenuAction.None;
        bool changed = _countdown.Advance(elapsed);
        if (_countdown.Expired)
        {
            _countdown.Stop();
            if (_target is { Enabled: true } t) return BootNow(t, t.Cmdline, false, byTimeout: true);
            Reveal();
            _status = _target is null
                ? "Not booting: no boot entries found"
                : $"Not booting: default '{_target.Title}' cannot boot: {Reason(_target)}";
            return MenuAction.Redraw;
        }
        return changed ? MenuAction.Redraw : MenuAction.None;
    }

    /// <summary>Stops the countdown without acting on a key (a dumb terminal's first typed byte).</summary>
    public bool StopCountdown()
    {
        _touched = true;
        Reveal();
        return _countdown.Stop();
    }

    /// <summary>A message shown until the next key, e.g. "load failed: ...".</summary>
    public void SetStatus(string? text) => _status = text;

    public MenuAction Press(MenuKey key)
    {
        if (_view == MenuView.Waiting)
        {
            // Hotkeys first, as GRUB's countdown loop checks them before Esc; any other key shows the menu.
            _status = null;
            if (HotkeyItem(key) is { } chosen)
            {
                StopCountdown();
                return Choose(chosen);
            }
            StopCountdown();
            return MenuAction.Redraw;
        }
        StopCountdown();
        _status = null;
        if (key.IsCtrl('L')) return MenuAction.Repaint;
        if (!(_view == MenuView.List && IsDigit(key))) _digits.Reset();
        return _view switch
        {
            MenuView.Details => PressDetails(key),
            MenuView.Edit => PressEdit(key),
            _ => PressList(key),
        };
    }

    /// <summary>
    /// Replaces the items after a rescan. The open submenus, the selection and the item shown in the
    /// details view or editor follow their <see cref="MenuItem.Id"/>; the countdown keeps running.
    /// Until the user presses a key the selection follows the (possibly new) default.
    /// </summary>
    public void ReplaceItems(IReadOnlyList<MenuItem> items)
    {
        var openIds = _levels.Skip(1).Select(l => l.Menu!.Id).ToList();
        var selectedIds = _levels.Select(l => Selected(l)?.Id).ToList();
        var oldIndexes = _levels.Select(l => l.Selected).ToList();
        _items = items;
        _visible.Clear();
        _target = MenuTree.DefaultPath(items)?[^1];
        if (!_touched)
        {
            ResetToTarget();
        }
        else
        {
            _levels.Clear();
            _levels.Add(new Level(null));
            foreach (string id in openIds)
            {
                MenuItem? sub = ItemsOf(Current).FirstOrDefault(i => i.Id == id && i.IsSubmenu);
                if (sub is null) break;
                _levels.Add(new Level(sub));
            }
            for (int k = 0; k < _levels.Count; k++)
            {
                var list = ItemsOf(_levels[k]);
                int found = -1;
                for (int i = 0; i < list.Count && selectedIds[k] is not null; i++)
                    if (list[i].Id == selectedIds[k]) { found = i; break; }
                _levels[k].Selected = found >= 0 ? found : Math.Min(oldIndexes[k], list.Count - 1);
                if (_levels[k].Selected < 0 && list.Count > 0) _levels[k].Selected = 0;
            }
        }
        if (_subject is not null)
        {
            MenuItem? now = MenuTree.FindById(items, _subject.Id);
            if (now is null)
            {
                _status = $"'{_subject.Title}' is gone after the rescan";
                CloseView();
            }
            else
            {
                _subject = now;
            }
        }
    }

    public ScreenModel Screen => new()
    {
        View = _view,
        Title = _model.Title,
        Header = _model.Header,
        Path = _levels.Skip(1).Select(l => l.Menu!.Title).ToArray(),
        Items = ItemsOf(Current),
        Selected = Current.Selected,
        Countdown = CountdownText(),
        Status = _view == MenuView.Waiting ? null : _status,
        Footer = _view == MenuView.Waiting ? "" : Footer(),
        Details = _view == MenuView.Details ? new DetailsScreen(_subject!, DetailLines(_subject!), _detailsTop) : null,
        Editor = _view == MenuView.Edit ? new EditorScreen(_subject!, _editor!.Text, _editor.Cursor) : null,
        ShellAvailable = _model.ShellAvailable,
        EditingAllowed = _model.EditingAllowed,
    };

    private Level Current => _levels[^1];

    /// <summary>The listed items of <paramref name="level"/>: hidden ones take no row (one list instance per level, so renderers can compare).</summary>
    private IReadOnlyList<MenuItem> ItemsOf(Level level)
    {
        var all = AllOf(level);
        if (!all.Any(i => i.Hidden)) return all;
        if (!_visible.TryGetValue(all, out var shown)) _visible[all] = shown = all.Where(i => !i.Hidden).ToList();
        return shown;
    }

    /// <summary>Every item of <paramref name="level"/>, hidden ones included (for hotkeys).</summary>
    private IReadOnlyList<MenuItem> AllOf(Level level) => level.Menu?.Children ?? _items;

    /// <summary>The first item of the current level, listed or hidden, whose hotkey is <paramref name="key"/>.</summary>
    private MenuItem? HotkeyItem(MenuKey key) => AllOf(Current).FirstOrDefault(i => i.Hotkey == key);

    private void Reveal()
    {
        if (_view == MenuView.Waiting) _view = MenuView.List;
    }
    private MenuItem? Selected(Level level)
    {
        var items = ItemsOf(level);
        return level.Selected >= 0 && level.Selected < items.Count ? items[level.Selected] : null;
    }

    private MenuAction PressList(MenuKey key)
    {
        int count = ItemsOf(Current).Count;
        switch (key.Kind)
        {
            case KeyKind.Up: Select(Current.Selected - 1); break;
            case KeyKind.Down: Select(Current.Selected + 1); break;
            case KeyKind.PageUp: Select(Current.Selected - PageRows); break;
            case KeyKind.PageDown: Select(Current.Selected + PageRows); break;
            case KeyKind.Home: Select(0); break;
            case KeyKind.End: Select(count - 1); break;
            case KeyKind.Enter: return Activate();
            case KeyKind.Right:
                if (SelectedItem is { IsSubmenu: true } sub) Open(sub);
                break;
            case KeyKind.Escape:
            case KeyKind.Left:
                if (_levels.Count > 1) _levels.RemoveAt(_levels.Count - 1);
                break;
            case KeyKind.Tab: OpenDetails(); break;
            case KeyKind.Char when IsDigit(key):
                int digit = key.Char.Value - '0';
                if (_digits.Push(digit, _clock, count) is { } n) Select(n - 1);
                else _status = $"No entry {digit}: choose 1-{count}";
                break;
            case KeyKind.Char when key.IsChar('e'): OpenEditor(); break;
            case KeyKind.Char when key.IsChar('d'): OpenDetails(); break;
            case KeyKind.Char when key.IsChar('r'): return MenuAction.Rescan;
            case KeyKind.Char when key.IsChar('s'):
                if (_model.ShellAvailable) return MenuAction.Shell;
                _status = "No recovery shell on this board";
                break;
            // GRUB's command line: reserved, so a hotkey 'c' does what it does in GRUB (nothing here).
            case KeyKind.Char when key.IsChar('c'):
                _status = "No GRUB command line in lbs: e edits an entry's command line";
                break;
            default:
                if (HotkeyItem(key) is { } chosen) return Choose(chosen);
                break;
        }
        return MenuAction.Redraw;
    }

    private MenuAction PressDetails(MenuKey key)
    {
        int last = Math.Max(0, DetailLines(_subject!).Count - 1);
        switch (key.Kind)
        {
            case KeyKind.Up: _detailsTop--; break;
            case KeyKind.Down: _detailsTop++; break;
            case KeyKind.PageUp: _detailsTop -= PageRows; break;
            case KeyKind.PageDown: _detailsTop += PageRows; break;
            case KeyKind.Home: _detailsTop = 0; break;
            case KeyKind.End: _detailsTop = last; break;
            case KeyKind.Escape or KeyKind.Tab or KeyKind.Left or KeyKind.Enter: CloseView(); break;
            case KeyKind.Char when key.IsChar('q') || key.IsChar('d'): CloseView(); break;
        }
        _detailsTop = Math.Clamp(_detailsTop, 0, last);
        return MenuAction.Redraw;
    }

    private MenuAction PressEdit(MenuKey key)
    {
        switch (key.Kind)
        {
            case KeyKind.Enter:
                string text = _editor!.Text;
                return BootNow(_subject!, text, text != _subject!.Cmdline);
            case KeyKind.Escape:
                CloseView();
                return MenuAction.Redraw;
        }
        if (!_editor!.Apply(key) && key.Kind == KeyKind.Char && !System.Text.Rune.IsControl(key.Char))
            _status = $"The command line is limited to {LineEditor.MaxLength} characters";
        return MenuAction.Redraw;
    }

    private MenuAction Activate() => SelectedItem is { } item ? Choose(item) : MenuAction.Redraw;

    /// <summary>Enter on <paramref name="item"/> or its hotkey: open a submenu, boot an entry, or say why not.</summary>
    private MenuAction Choose(MenuItem item)
    {
        Reveal();
        if (item.IsSubmenu)
        {
            Open(item);
            return MenuAction.Redraw;
        }
        if (!item.Enabled)
        {
            _status = $"Cannot boot '{item.Title}': {Reason(item)}";
            return MenuAction.Redraw;
        }
        return BootNow(item, item.Cmdline, false);
    }

    private MenuAction BootNow(MenuItem item, string? cmdline, bool edited, bool byTimeout = false)
    {
        // Whatever happens next, a failed load comes back to the list with the error in the status line.
        _countdown.Stop();
        CloseView();
        return MenuAction.Boot(item, cmdline, edited, byTimeout);
    }

    private void Open(MenuItem submenu)
    {
        var level = new Level(submenu);
        _levels.Add(level);
        int marked = MenuTree.DefaultChild(submenu);
        var shown = ItemsOf(level);
        int index = -1;
        for (int i = 0; i < shown.Count && marked >= 0 && index < 0; i++)
            if (ReferenceEquals(shown[i], submenu.Children[marked])) index = i;
        level.Selected = shown.Count == 0 ? -1 : Math.Max(0, index);
    }

    private void OpenEditor()
    {
        if (SelectedItem is not { } item) return;
        if (!_model.EditingAllowed) _status = "Editing the command line is disabled on this board";
        else if (item.IsSubmenu) _status = $"'{item.Title}' is a submenu: Enter opens it";
        // The reason alone, no title: the file and line must fit an 80-column status row.
        else if (item.EditDeniedReason is { Length: > 0 } denied) _status = char.ToUpperInvariant(denied[0]) + denied[1..];
        else if (item.Cmdline is null) _status = $"'{item.Title}' has no command line to edit";
        else if (!item.Enabled) _status = $"Cannot boot '{item.Title}': {Reason(item)}";
        else
        {
            _view = MenuView.Edit;
            _subject = item;
            _editor = new LineEditor(item.Cmdline);
        }
    }

    private void OpenDetails()
    {
        if (SelectedItem is not { } item) return;
        _view = MenuView.Details;
        _subject = item;
        _detailsTop = 0;
    }

    private void CloseView()
    {
        _view = MenuView.List;
        _subject = null;
        _editor = null;
    }

    private void Select(int index)
    {
        int count = ItemsOf(Current).Count;
        Current.Selected = count == 0 ? -1 : Math.Clamp(index, 0, count - 1);
    }

    private static List<string> DetailLines(MenuItem item)
    {
        var lines = new List<string> { item.Title };
        if (!item.Enabled) lines.Add($"Cannot boot: {Reason(item)}");
        if (item.EditDeniedReason is { } denied) lines.Add($"Command line: {denied}");
        if (item.IsSubmenu) lines.Add($"Submenu with {item.Children.Count} entries");
        if (item.Hotkey is { } key) lines.Add($"Hotkey: {FrameComposer.HotkeyLabel(key)} (boots it at once from this menu level)");
        lines.AddRange(item.Details);
        return lines;
    }

    private string? CountdownText()
    {
        if (!_countdown.Running) return null;
        int s = _countdown.SecondsShown;
        if (_view == MenuView.Waiting)
            return _model.CountdownStyle == CountdownStyle.Hidden ? null : _target switch
            {
                null => $"No boot entries yet, waiting {s}s for disks... (any key: menu)",
                { Enabled: false } t => $"Waiting {s}s: default '{TextFit.Truncate(t.Title, 40)}' cannot boot ({Reason(t)}), any key: menu",
                var t => $"Booting '{TextFit.Truncate(t.Title, 48)}' in {s}s, press Esc for the menu",
            };
        return _target switch
        {
            null => $"No boot entries yet, waiting {s}s for disks...",
            // Seconds first: a long reason is what gets cut at the screen edge.
            { Enabled: false } t => $"Waiting {s}s: default '{TextFit.Truncate(t.Title, 40)}' cannot boot ({Reason(t)})",
            var t => $"Booting '{TextFit.Truncate(t.Title, 48)}' in {s}s...",
        };
    }

    private string Footer()
    {
        switch (_view)
        {
            case MenuView.Details: return "Up/Down/PgUp/PgDn scroll | Esc, q, d or Tab: back";
            case MenuView.Edit: return "Enter boot | Esc cancel | Ctrl-A/E start/end | Ctrl-K/U cut to end/start";
        }
        if (_model.Footer is { } f) return f;
        var parts = new List<string> { "Enter boot" };
        // Offered only where it works: not on an item whose config forbids editing.
        if (_model.EditingAllowed && SelectedItem?.EditDeniedReason is null) parts.Add("e edit");
        parts.Add("d details");
        parts.Add("r rescan");
        if (_model.ShellAvailable) parts.Add("s shell");
        if (_levels.Count > 1) parts.Add("Esc back");
        return string.Join(" | ", parts);
    }

    /// <summary>Back to the top level with the bar on the default (or on the submenu holding it).</summary>
    private void ResetToTarget()
    {
        _levels.Clear();
        _levels.Add(new Level(null));
        int top = -1;
        var shown = ItemsOf(Current);
        if (MenuTree.DefaultPath(_items) is [var head, ..])
            for (int i = 0; i < shown.Count && top < 0; i++)
                if (ReferenceEquals(shown[i], head)) top = i;
        Select(top >= 0 ? top : 0);
    }

    private static string Reason(MenuItem item) => item.DisabledReason ?? "unavailable";

    private static bool IsDigit(MenuKey key) => key.Kind == KeyKind.Char && key.Char.Value is >= '0' and <= '9';
}
