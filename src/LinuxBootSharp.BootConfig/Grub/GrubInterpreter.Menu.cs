using System.Globalization;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.BootConfig.Grub;

public sealed partial class GrubInterpreter
{
    private static readonly GrubOptions.Spec[] MenuEntryOptions =
    [
        new("class", '\0', GrubOptions.ValueKind.Required),
        new("users", '\0', GrubOptions.ValueKind.Required),
        new("hotkey", '\0', GrubOptions.ValueKind.Required),
        new("source", '\0', GrubOptions.ValueKind.Required),
        new("id", '\0', GrubOptions.ValueKind.Required),
        new("unrestricted", '\0', GrubOptions.ValueKind.None),
    ];

    /// <summary>
    /// menuentry/submenu (grub-core/commands/menuentry.c): options, then the title and any extra
    /// arguments, then the block. The block is stored, not run.
    /// </summary>
    private int CmdMenuEntry(List<string> args, GrubScript? block, int line, bool submenu, bool hidden)
    {
        string what = submenu ? "submenu" : "menuentry";
        if (block is null)
        {
            Diag(Severity.Error, $"{what}: no menuentry definition (missing '{{ ... }}')", line);
            return 1;
        }
        if (_menu.Items.Count >= GrubMenu.MaxItems)
        {
            if (!_menu.Overflowed)
                Diag(Severity.Error, $"{what}: more than {GrubMenu.MaxItems} entries in one menu; the rest are ignored", line);
            _menu.Overflowed = true;
            return 1;
        }
        var o = GrubOptions.Parse(args, MenuEntryOptions);
        if (o.Error is not null)
        {
            Diag(Severity.Error, $"{what}: {o.Error}", line);
            return 1;
        }
        if (o.Positional.Count == 0)
        {
            Diag(Severity.Error, $"{what}: missing arguments (no title)", line);
            return 1;
        }
        _menu.Items.Add(new GrubMenuItem
        {
            Title = o.Positional[0],
            Id = o.Value("id"),
            Classes = o.Values("class").ToArray(),
            Users = o.Value("users"),
            Hotkey = o.Value("hotkey"),
            Unrestricted = o.Has("unrestricted"),
            Hidden = hidden,
            IsSubmenu = submenu,
            Arguments = o.Positional.ToArray(),
            Body = block,
            File = _file,
            Line = line,
        });
        return 0;
    }

    // ---- entry evaluation ----

    /// <summary>
    /// Turns the registered menu into boot entries: each entry body runs in a copy of the
    /// config's final environment with <c>$1...</c> = its arguments and <c>chosen</c> = its
    /// title (normal/menu.c grub_menu_execute_entry); a submenu body runs in a new context that
    /// holds only the exported variables, and its entries are listed after it with its title in
    /// <see cref="BootEntry.SubmenuPath"/>. The <c>default</c> variable picks the default entry
    /// by index, id, title or a <c>submenu&gt;entry</c> path.
    /// </summary>
    private void BuildEntries(GrubMenu menu, GrubEnvironment env, List<BootEntry> output)
    {
        var defaultPath = SplitDefault(env.Get("default")) ?? [];
        var fallbackPath = SplitDefault(env.Get("fallback"));
        BuildLevel(menu, env, [], defaultPath, fallbackPath, output, 0);
    }

    /// <summary>Splits "a>b>c" on '>' (menu.c menuentry_eq: "&gt;&gt;" stands for a literal '&gt;').</summary>
    private static List<string>? SplitDefault(string? spec)
    {
        if (string.IsNullOrEmpty(spec))
            return null;
        var parts = new List<string>();
        var cur = new System.Text.StringBuilder();
        for (int i = 0; i < spec.Length; i++)
        {
            if (spec[i] == '>')
            {
                if (i + 1 < spec.Length && spec[i + 1] == '>')
                {
                    cur.Append('>');
                    i++;
                    continue;
                }
                parts.Add(cur.ToString());
                cur.Clear();
                continue;
            }
            cur.Append(spec[i]);
        }
        parts.Add(cur.ToString());
        return parts;
    }

    /// <summary>
    /// menu.c get_entry_number: a number is an index; otherwise the first entry whose title or
    /// id equals the text. A number must be the whole text (a hexadecimal-looking BLS id such as
    /// "6c06...-4.15" is an id, as Fedora's GRUB treats it). Anything unknown gives -1.
    /// </summary>
    private static int FindItem(GrubMenu menu, string spec)
    {
        var s = spec.Trim();
        if (s.Length > 0 && IsWholeNumber(s))
        {
            ulong n = GrubTestExpression.StrToUL(s, 0);
            return n < (ulong)menu.Items.Count ? (int)n : -1;
        }
        for (int i = 0; i < menu.Items.Count; i++)
            if (menu.Items[i].Title == spec || menu.Items[i].Id == spec)
                return i;
        return -1;
    }

    private static bool IsWholeNumber(string s)
    {
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return s.Length > 2 && s.AsSpan(2).ContainsAnyExcept("0123456789abcdefABCDEF") == false;
        return s.All(char.IsAsciiDigit);
    }

    /// <param name="defaultPath">The rest of the default path for this level: null when the
    /// default is not inside this menu, empty for "the first entry".</param>
    private void BuildLevel(GrubMenu menu, GrubEnvironment env, List<string> path, List<string>? defaultPath, List<string>? fallbackPath,
        List<BootEntry> output, int depth)
    {
        int def = -1;
        if (defaultPath is not null)
        {
            // menu.c: a default that names nothing (or is out of range) means the first entry.
            def = defaultPath.Count == 0 ? 0 : FindItem(menu, defaultPath[0]);
            if (def < 0)
                def = 0;
        }
        int fallback = fallbackPath is null ? -1 : FindItem(menu, fallbackPath[0]);
        for (int i = 0; i < menu.Items.Count; i++)
        {
            var item = menu.Items[i];
            if (output.Count >= GrubMenu.MaxItems)
            {
                // Submenus multiply: the whole listing is bounded too.
                if (_diagnostics.Count < 10_000)
                    _diagnostics.Add(new Diagnostic(Severity.Error, $"more than {GrubMenu.MaxItems} entries in all; the rest are not listed", item.File, item.Line));
                return;
            }
            if (item.IsSubmenu)
            {
                if (depth >= _limits.MaxSubmenuDepth)
                {
                    _diagnostics.Add(new Diagnostic(Severity.Error, $"submenu '{item.Title}': nested deeper than {_limits.MaxSubmenuDepth}", item.File, item.Line));
                    continue;
                }
                var inner = EvaluateSubmenu(item, env);
                var innerPath = new List<string>(path) { item.Title };
                List<string>? innerDefault = null;
                if (i == def)
                {
                    // Entering a submenu on the default path: the text after '>' is its default
                    // (menu.c), otherwise the submenu's own $default, otherwise its first entry.
                    innerDefault = defaultPath!.Count > 1 ? defaultPath.GetRange(1, defaultPath.Count - 1)
                        : SplitDefault(inner.Env.Get("default")) ?? [];
                }
                List<string>? innerFallback = i == fallback && fallbackPath is { Count: > 1 } ? fallbackPath.GetRange(1, fallbackPath.Count - 1) : null;
                BuildLevel(inner.Menu, inner.Env, innerPath, innerDefault, innerFallback, output, depth + 1);
                continue;
            }
            var entry = EvaluateEntry(item, env, path);
            if (i == def)
                entry.IsDefault = true;
            if (i == fallback)
                entry.Properties["fallback"] = "true";
            output.Add(entry);
        }
    }

    private (GrubMenu Menu, GrubEnvironment Env) EvaluateSubmenu(GrubMenuItem item, GrubEnvironment parentEnv)
    {
        var saveEnv = _env;
        var saveMenu = _menu;
        var saveScope = _scope;
        var saveFile = _file;
        var phase = BeginPhase(_limits.MaxEntrySteps);
        _env = parentEnv.NewContext();
        _menu = new GrubMenu();
        _scope = item.Arguments.ToArray();
        _file = item.File;
        try
        {
            Execute(item.Body);
            return (_menu, _env);
        }
        catch (BudgetExceededException e)
        {
            if (_diagnostics.Count < 10_000)
                _diagnostics.Add(new Diagnostic(Severity.Error, $"submenu '{item.Title}': {e.Message}", e.File, e.Line));
            return (_menu, _env);
        }
        finally
        {
            _env = saveEnv;
            _menu = saveMenu;
            _scope = saveScope;
            _file = saveFile;
            EndPhase(phase);
            _breaks = 0;
            _returning = false;
        }
    }

    private BootEntry EvaluateEntry(GrubMenuItem item, GrubEnvironment env, List<string> path)
    {
        var state = new GrubEntryState();
        if (_totalSteps > _limits.MaxSteps + _limits.MaxTotalEntrySteps || _totalChars > _limits.MaxTotalExpandedChars)
        {
            state.Diagnostics.Add(new Diagnostic(Severity.Error, "not evaluated: the entries before it used up the evaluation budget", item.File, item.Line));
            return ToBootEntry(item, path, state);
        }
        var saveEnv = _env;
        var saveScope = _scope;
        var saveFile = _file;
        var saveMenu = _menu;
        var phase = BeginPhase(_limits.MaxEntrySteps);
        _env = env.Clone();
        _env.Set("chosen", item.Title);
        _scope = item.Arguments.ToArray();
        _file = item.File;
        _entry = state;
        _entryEnvBlocks = new Dictionary<string, GrubEnvBlock>(StringComparer.Ordinal);
        _menu = new GrubMenu();
        try
        {
            Execute(item.Body);
        }
        catch (BudgetExceededException ex)
        {
            state.Diagnostics.Add(new Diagnostic(Severity.Error, ex.Message, ex.File, ex.Line));
        }
        finally
        {
            _env = saveEnv;
            _scope = saveScope;
            _file = saveFile;
            _menu = saveMenu;
            _entry = null;
            _entryEnvBlocks = null;
            EndPhase(phase);
            _breaks = 0;
            _returning = false;
        }
        return ToBootEntry(item, path, state);
    }

    private static BootEntry ToBootEntry(GrubMenuItem item, List<string> path, GrubEntryState state)
    {
        var e = new BootEntry
        {
            Title = item.Title,
            Id = item.Id,
            Source = "grub",
            SourceFile = item.File,
            SourceLine = item.Line,
            SubmenuPath = path.ToArray(),
            Kernel = state.Kernel,
            Cmdline = state.Cmdline,
            DeviceTree = state.DeviceTree,
            NotBootableReason = state.NotBootableReason,
            Version = item.Version,
        };
        e.Initrds.AddRange(state.Initrds);
        e.Diagnostics.AddRange(state.Diagnostics);
        if (item.Classes.Count > 0)
            e.Properties["class"] = string.Join(' ', item.Classes);
        if (item.Users is not null)
            e.Properties["users"] = item.Users;
        if (item.Hotkey is not null)
            e.Properties["hotkey"] = item.Hotkey;
        if (item.Unrestricted)
            e.Properties["unrestricted"] = "true";
        if (item.Hidden)
            e.Properties["hidden"] = "true";
        if (state.Loader is not null)
            e.Properties["grub.loader"] = state.Loader;
        if (state.KernelName is not null)
            // GRUB's x86 linux loader prefixes the command line with BOOT_IMAGE=<this>
            // (grub-core/loader/i386/linux.c); kept here for the pipeline to decide.
            e.Properties["grub.boot_image"] = state.KernelName;
        for (int i = 0; i < state.Modules.Count; i++)
            e.Properties[$"grub.module{i + 1}"] = state.Modules[i];
        if (e.Kernel is null && e.NotBootableReason is null && !e.Diagnostics.Any(d => d.Severity == Severity.Error))
            e.NotBootableReason = "the entry loads no kernel (no linux command)";
        return e;
    }

    // ---- loader commands (only meaningful inside an entry body) ----

    private bool InEntry(string name, int line)
    {
        if (_entry is not null)
            return true;
        Diag(Severity.Info, $"{name} outside a menu entry: ignored (nothing is booted while the config is read)", line);
        return false;
    }

    /// <summary>Resolves a file argument and reports a missing one on the entry (kept, so the
    /// menu can still show what GRUB would try to load).</summary>
    private FileRef? ResolveFile(string cmd, string name, int line)
    {
        var p = Resolve(name);
        if (!p.IsResolved || p.Tree is null)
        {
            Diag(Severity.Error, $"{cmd}: {p.Problem}", line);
            return null;
        }
        if (p.Path.Length == 0)
        {
            Diag(Severity.Error, $"{cmd}: '{name}' names a device, not a file", line);
            return null;
        }
        var st = GrubFiles.TryStat(p.Tree, p.Path);
        if (st is not { Kind: FileKind.File })
            Diag(Severity.Warning, $"{cmd}: file '{p.Path}' not found on {_devices.NameOf(p.Tree)}", line);
        return new FileRef(p.Tree, p.Path);
    }

    private int CmdLinux(string name, List<string> args, int line)
    {
        if (!InEntry(name, line))
            return 0;
        var s = _entry!;
        if (args.Count == 0)
        {
            Diag(Severity.Error, $"{name}: filename expected", line);
            return 1;
        }
        // Loading a kernel unloads the previous one and its initrd (loader/i386/linux.c).
        s.Kernel = null;
        s.KernelName = null;
        s.Initrds.Clear();
        s.Modules.Clear();
        s.NotBootableReason = null;
        // Name and command line are kept even when the file does not resolve, so the menu and
        // the diagnostics show what GRUB would try to load.
        s.KernelName = args[0];
        s.Loader = name;
        s.Cmdline = GrubLoaderCommandLine.Build(args, 1);
        var k = ResolveFile(name, args[0], line);
        if (k is null)
            return 1;
        s.Kernel = k;
        return 0;
    }

    private int CmdInitrd(string name, List<string> args, int line)
    {
        if (!InEntry(name, line))
            return 0;
        var s = _entry!;
        if (args.Count == 0)
        {
            Diag(Severity.Error, $"{name}: filename expected", line);
            return 1;
        }
        if (s.KernelName is null)
        {
            Diag(Severity.Error, $"{name}: you need to load the kernel first", line);
            return 1;
        }
        s.Initrds.Clear();
        foreach (var a in args)
        {
            // GRUB 2.02 "newc:NAME:FILE" places FILE in a generated cpio under NAME; we can only load FILE.
            var file = a;
            if (a.StartsWith("newc:", StringComparison.Ordinal))
            {
                int c = a.IndexOf(':', 5);
                if (c > 0)
                {
                    Diag(Severity.Warning, $"{name}: 'newc:' renaming is not supported; '{a[(c + 1)..]}' is loaded as is", line);
                    file = a[(c + 1)..];
                }
            }
            var f = ResolveFile(name, file, line);
            if (f is null)
                return 1;
            s.Initrds.Add(f);
        }
        return 0;
    }

    private int CmdDevicetree(List<string> args, int line)
    {
        if (!InEntry("devicetree", line))
            return 0;
        if (args.Count == 0)
        {
            Diag(Severity.Error, "devicetree: filename expected", line);
            return 1;
        }
        _entry!.DeviceTree = ResolveFile("devicetree", args[0], line);
        return _entry.DeviceTree is null ? 1 : 0;
    }

    private int CmdForeignLoader(string name, string reason, List<string> args, int line)
    {
        if (_entry is null)
        {
            if (name is "halt" or "reboot" or "exit" or "fwsetup")
                Diag(Severity.Info, $"{name} outside a menu entry: ignored", line);
            return 0;
        }
        var s = _entry;
        s.Kernel = null;
        s.Initrds.Clear();
        s.Modules.Clear();
        s.NotBootableReason = reason;
        s.Loader = name;
        if (args.Count > 0 && name is not ("halt" or "reboot" or "exit" or "fwsetup"))
        {
            // Keep the image for the details view; the entry stays not kexec-bootable.
            var file = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
            if (file is not null)
            {
                var p = Resolve(file);
                if (p.IsResolved && p.Path.Length > 0)
                    s.Kernel = new FileRef(p.Tree!, p.Path);
                s.KernelName = file;
                s.Cmdline = GrubLoaderCommandLine.Build(args.SkipWhile(a => a != file).ToArray(), 1);
            }
        }
        return 0;
    }

    private int CmdModule(string name, List<string> args, int line)
    {
        if (!InEntry(name, line))
            return 0;
        var files = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        if (files.Count == 0)
        {
            Diag(Severity.Error, $"{name}: filename expected", line);
            return 1;
        }
        var p = Resolve(files[0]);
        string where = p.IsResolved ? new FileRef(p.Tree!, p.Path).Display : files[0];
        _entry!.Modules.Add(string.Create(CultureInfo.InvariantCulture, $"{where} {GrubLoaderCommandLine.Build(files, 1)}").TrimEnd());
        return 0;
    }
}
