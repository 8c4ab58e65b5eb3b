using System.Diagnostics;
using LinuxBootSharp.Boot.Discovery;
using LinuxBootSharp.Boot.Init;
using LinuxBootSharp.Boot.Kexec;
using LinuxBootSharp.BootConfig;
using LinuxBootSharp.Interop;
using LinuxBootSharp.Menu;

namespace LinuxBootSharp.Boot.MenuHost;

/// <summary>
/// PID 1's main screen: discovery results in the menu on every console at once (the first console
/// to send a key drives), countdown to the default, rescans while disks appear, and the load →
/// teardown → kexec path for the chosen entry. A failed load comes back to the menu with the
/// error in the status line; when the countdown booted the default, GRUB's fallback entries are
/// tried first (<see cref="BootByTimeout"/>).
/// </summary>
public sealed class MenuLoop
{
    private readonly InitContext _ctx;
    private readonly Func<DiscoveryResult> _discover;
    private readonly IKexec _kexec;
    private readonly Func<string> _diskFingerprint;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<(ConsoleDevice Device, ConsoleWriter Writer, AnsiKeyDecoder Decoder, AnsiRenderer? Ansi, DumbRenderer? Dumb)> _cons = [];
    private readonly HashSet<string> _renderFailed = [];
    private bool _pollFailed;
    private DiscoveryResult _result;
    private MenuMachine? _machine;

    public MenuLoop(InitContext ctx, Func<DiscoveryResult> discover, IKexec kexec, Func<string> diskFingerprint, DiscoveryResult first)
    {
        _ctx = ctx;
        _discover = discover;
        _kexec = kexec;
        _diskFingerprint = diskFingerprint;
        _result = first;
    }

    /// <summary>Default menu timeout when neither the board nor any config gives one (GRUB's own default).</summary>
    public static readonly TimeSpan FallbackTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The countdown: <c>lbs.timeout=SECONDS</c> on the kernel command line (the firmware
    /// builder's say), else the board's override, else what the configs give, else 5 s.
    /// A negative value means no countdown.
    /// </summary>
    public TimeSpan? Timeout()
    {
        if (_ctx.Cmdline.Get("lbs.timeout") is string v && int.TryParse(v, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out int c))
            return c < 0 ? null : TimeSpan.FromSeconds(c);
        if (_ctx.Board.Menu.TimeoutSeconds is int s)
            return s < 0 ? null : TimeSpan.FromSeconds(s);
        var t = _result.Timeout ?? FallbackTimeout;
        return t == System.Threading.Timeout.InfiniteTimeSpan || t < TimeSpan.Zero ? null : t;
    }

    /// <summary>
    /// GRUB's timeout_style of the default entry's config. <c>lbs.timeout=</c> and the board change only
    /// the time; without a countdown (negative) the menu shows, as GRUB unsets the style then.
    /// </summary>
    public CountdownStyle Style() => Timeout() is null ? CountdownStyle.Menu : _result.TimeoutStyle switch
    {
        MenuTimeoutStyle.Countdown => CountdownStyle.Countdown,
        MenuTimeoutStyle.Hidden => CountdownStyle.Hidden,
        _ => CountdownStyle.Menu,
    };

    private MenuModel Model() => new()
    {
        Items = EntryMenuItems.Build(_result),
        Timeout = Timeout(),
        CountdownStyle = Style(),
        Title = "LinuxBootSharp",
        Header = Header(),
        ShellAvailable = _ctx.Board.RecoveryShell is string sh && File.Exists(sh),
        // No board locks the editor as a whole (yet); configs deny it per entry (loader.conf
        // "editor no"), which EntryMenuItems carries as MenuItem.EditDeniedReason.
        EditingAllowed = true,
    };

    private string Header()
    {
        int disks = _result.Disks.Count(d => d.Problem is null);
        int problems = _result.Diagnostics.Count(d => d.Severity != Severity.Info);
        return $"board {_ctx.Board.Name}: {_result.Entries.Count} entries on {disks} disk(s)" + (problems > 0 ? $", {problems} problem(s) logged" : "");
    }

    public void Run()
    {
        bool dumb = _ctx.Cmdline.Get("lbs.menu") == "dumb";
        foreach (var d in _ctx.Consoles.Devices)
        {
            d.EnterRawMode();
            var w = new ConsoleWriter(d);
            var size = d.Size is (int c, int r) ? TerminalSize.OrDefault(c, r) : TerminalSize.Default;
            _cons.Add((d, w, new AnsiKeyDecoder(), dumb ? null : new AnsiRenderer(w, size), dumb ? new DumbRenderer(w) : null));
        }
        var firstSize = _cons.Count > 0 && _cons[0].Device.Size is (int c0, int r0) ? TerminalSize.OrDefault(c0, r0) : TerminalSize.Default;
        var machine = new MenuMachine(Model(), firstSize);
        _machine = machine;
        var arbiter = new ConsoleArbiter();
        _ctx.Log.Info($"menu: drawing {_result.Entries.Count} entries, timeout {(Timeout() is TimeSpan t ? t.TotalSeconds + " s" : "none")}, style {Style().ToString().ToLowerInvariant()}");

        var pending = new List<(int Console, MenuKey Key)>();
        Poll(0, pending);
        // Keys already typed first (MenuMachine.Start): with a zero timeout a pending Esc shows the
        // menu and a pending hotkey boots its entry, as GRUB reads a pending key before booting.
        var action = MenuAction.None;
        foreach (var (ci, k) in pending)
            if (arbiter.Accept(ci))
                action = Merge(action, Handle(machine.Press(k)));
        action = Merge(action, Handle(machine.Start()));
        var last = _clock.Elapsed;
        var lastRescanCheck = _clock.Elapsed;
        var fingerprint = _diskFingerprint();
        Render(action);
        while (true)
        {
            action = Handle(action);
            if (action.Kind != MenuActionKind.None)
                Render(action);
            pending.Clear();
            Poll(100, pending);
            var now = _clock.Elapsed;
            action = machine.Tick(now - last);
            last = now;
            foreach (var (ci, k) in pending)
            {
                if (!arbiter.Accept(ci))
                    continue;
                if (_cons[ci].Dumb is DumbRenderer dr && k.Kind == KeyKind.Enter)
                    dr.LineEntered();
                action = Merge(action, Handle(machine.Press(k)));
            }
            // Late disks (USB, slow NVMe): rescan while the countdown runs if the set of disks changed.
            if (machine.CountdownRunning && now - lastRescanCheck > TimeSpan.FromSeconds(1))
            {
                lastRescanCheck = now;
                var fp = _diskFingerprint();
                if (fp != fingerprint)
                {
                    fingerprint = fp;
                    Rescan();
                    action = Merge(action, MenuAction.Redraw);
                }
            }
        }
    }

    private static MenuAction Merge(MenuAction a, MenuAction b) => b.Kind != MenuActionKind.None ? b : a;

    /// <summary>Performs Boot/Rescan/Shell; returns Redraw after them (or the action unchanged).</summary>
    private MenuAction Handle(MenuAction a)
    {
        switch (a.Kind)
        {
            case MenuActionKind.Boot when a.Item?.Tag is BootEntry e && a.ByTimeout:
                BootByTimeout(e);
                return MenuAction.Repaint;
            case MenuActionKind.Boot when a.Item?.Tag is BootEntry e:
                Boot(e, a.Edited ? a.Cmdline : null);
                // Log lines may have crossed the screen while loading: repaint it whole.
                return MenuAction.Repaint;
            case MenuActionKind.Rescan:
                Rescan();
                return MenuAction.Redraw;
            case MenuActionKind.Shell:
                Shell();
                return MenuAction.Repaint;
            default:
                return a;
        }
    }

    private void Rescan()
    {
        _machine?.SetStatus("rescanning...");
        Render(MenuAction.Redraw);
        _result = _discover();
        _machine?.ReplaceItems(EntryMenuItems.Build(_result));
        _machine?.SetStatus($"rescanned: {_result.Entries.Count} entries");
    }

    /// <summary>
    /// The countdown's boot of the default <paramref name="e"/>. When its load fails
    /// (<see cref="BootLoadException"/>), the entries of the same config that GRUB's <c>fallback</c>
    /// names are tried in <see cref="BootEntry.FallbackRank"/> order, each logged, through the same
    /// <see cref="BootRunner"/> path (grub-core/normal/menu.c grub_menu_execute_with_fallback); the
    /// failed default itself is not tried again. Only the countdown's boot does this: Enter, a
    /// hotkey or the editor boot just the one entry, as GRUB drops the list on a key press.
    /// Returns where the boot stopped, or null when every load failed (the menu shows the error).
    /// </summary>
    public BootOutcome? BootByTimeout(BootEntry e)
    {
        if (Boot(e, null) is BootOutcome done)
            return done;
        string first = _lastError ?? "";
        var config = _result.ParseOf(e);
        var fallbacks = _result.Entries
            .Where(f => f.FallbackRank is not null && !ReferenceEquals(f, e) && ReferenceEquals(_result.ParseOf(f), config))
            .OrderBy(f => f.FallbackRank!.Value)
            .ToList();
        foreach (var f in fallbacks)
        {
            _ctx.Log.Info($"fallback #{f.FallbackRank!.Value + 1}: booting '{f.Title}' ({f.SourceFile}) because '{e.Title}' failed to load");
            if (Boot(f, null) is BootOutcome outcome)
                return outcome;
        }
        if (fallbacks.Count > 0)
        {
            _ctx.Log.Error($"fallback: none of {fallbacks.Count} fallback entries loaded; back to the menu");
            _machine?.SetStatus($"load failed: {first} (fallbacks failed too, see the log)");
        }
        return null;
    }

    private string? _lastError;

    /// <summary>Loads and kexecs <paramref name="e"/>; returns where it stopped, or null when the load failed (logged, in the status line).</summary>
    private BootOutcome? Boot(BootEntry e, string? editedCmdline)
    {
        BootOutcome? result = null;
        long lastShown = -1;
        bool released = false;
        var options = BootOptions.FromKernelCommandLine(_ctx.Cmdline, _ctx.Log.Info) with
        {
            Progress = (name, done, total) =>
            {
                long mib = done >> 20;
                if (total > (8 << 20) && mib != lastShown && mib % 4 == 0)
                {
                    lastShown = mib;
                    _machine?.SetStatus($"loading {name}: {mib} / {total >> 20} MiB");
                    Render(MenuAction.Redraw);
                }
            },
            // The next kernel inherits the consoles: leave them as we found them.
            BeforeTeardown = () =>
            {
                released = true;
                foreach (var c in _cons)
                {
                    c.Ansi?.Close();
                    c.Writer.Flush();
                    c.Device.RestoreMode();
                }
                _ctx.Log.Info($"booting '{e.Title}' from {e.SourceFile}");
            },
        };
        try
        {
            var req = EntryBoot.ToRequest(e, editedCmdline, _ctx.Board);
            var outcome = new BootRunner(_kexec, _ctx.Board, options).Run(req);
            _machine?.SetStatus(outcome == BootOutcome.Planned ? "dry run: plan logged, nothing loaded" : "kexec did not happen");
            result = outcome;
        }
        catch (BootLoadException ex)
        {
            _lastError = ex.Message;
            _ctx.Log.Error("load failed: " + ex.Message);
            _machine?.SetStatus("load failed: " + ex.Message);
        }
        // The jump did not happen after the consoles were handed back (reboot(KEXEC) refused): take them again.
        if (released)
        {
            foreach (var c in _cons)
            {
                c.Device.EnterRawMode();
                c.Ansi?.Invalidate();
            }
        }
        return result;
    }

    private void Shell()
    {
        var sh = _ctx.Board.RecoveryShell;
        if (sh is null || !File.Exists(sh))
        {
            _machine?.SetStatus("this board has no recovery shell");
            return;
        }
        foreach (var c in _cons)
        {
            c.Ansi?.Close();
            c.Writer.Flush();
            c.Device.RestoreMode();
        }
        try
        {
            using (ZombieReaper.Suspend(_ctx.Log))
                PosixSpawn.Run(sh, []);
        }
        catch (ErrnoException ex)
        {
            _machine?.SetStatus("shell: " + ex.Message);
        }
        foreach (var c in _cons)
        {
            c.Device.EnterRawMode();
            c.Ansi?.Invalidate();
        }
    }

    private void Render(MenuAction a)
    {
        if (_machine is null)
            return;
        var screen = _machine.Screen;
        foreach (var c in _cons)
        {
            try
            {
                if (a.Kind == MenuActionKind.Repaint)
                {
                    c.Ansi?.Invalidate();
                    c.Dumb?.Invalidate();
                }
                c.Ansi?.Render(screen);
                c.Dumb?.Render(screen);
                c.Writer.Flush();
            }
            catch (Exception ex)
            {
                // A renderer fault on one console must not take the menu off the others; it would
                // recur every frame, so it is logged once per console.
                if (_renderFailed.Add(c.Device.Name))
                    _ctx.Log.Error($"menu: drawing on {c.Device.Name} failed: {ex.GetType().Name}: {ex.Message} (not logged again for it)");
            }
        }
    }

    private void Poll(int timeoutMs, List<(int, MenuKey)> keys)
    {
        var now = _clock.Elapsed;
        foreach (var (c, i) in _cons.Select((c, i) => (c, i)))
            foreach (var k in c.Decoder.Flush(now))
                keys.Add((i, k));
        var deadline = _cons.Select(c => c.Decoder.PendingDeadline).Where(d => d is not null).Select(d => d!.Value).DefaultIfEmpty(now + TimeSpan.FromMilliseconds(timeoutMs)).Min();
        int wait = (int)Math.Clamp((deadline - now).TotalMilliseconds, 0, timeoutMs);
        (ConsoleDevice Console, byte[] Data)? input;
        try
        {
            input = _ctx.Consoles.ReadAny(wait);
        }
        catch (ErrnoException e)
        {
            // poll/read on the consoles failed (EINTR, a console hung up): no key this round. It
            // would repeat every 100 ms, so only the first is logged.
            if (!_pollFailed)
                _ctx.Log.Warn($"menu: reading the consoles failed: {e.Message} (not logged again)");
            _pollFailed = true;
            input = null;
        }
        if (input is null)
            return;
        int idx = _cons.FindIndex(c => c.Device == input.Value.Console);
        if (idx < 0)
            return;
        if (_cons[idx].Dumb is not null)
            _machine?.StopCountdown();
        foreach (var k in _cons[idx].Decoder.Feed(input.Value.Data, _clock.Elapsed))
            keys.Add((idx, k));
    }
}
