using System.Text;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.BootConfig.Grub;

/// <summary>
/// Runs GRUB scripts with GRUB's semantics (grub-core/script/execute.c): word expansion and
/// splitting, <c>$?</c>, functions with positional parameters, <c>if/for/while/until</c>,
/// <c>break/continue/return</c>, and the commands a boot menu depends on. Menu entries are only
/// registered while the config runs; their bodies are evaluated afterwards, one by one, from the
/// final state of the config (what GRUB does when an entry is chosen), see
/// <see cref="BuildEntries"/>. Never throws for bad input: every problem becomes a diagnostic
/// with file and line, and every loop, recursion and file size is bounded by <see cref="GrubLimits"/>.
/// </summary>
public sealed partial class GrubInterpreter
{
    private readonly IFileTree _home;
    private readonly GrubDevices _devices;
    private readonly ILoopbackOpener _loopbackOpener;
    private readonly GrubLimits _limits;
    private readonly List<Diagnostic> _diagnostics = [];
    private readonly Dictionary<string, GrubScript> _functions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GrubEnvBlock> _envBlocks = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changedEnvBlocks = new(StringComparer.Ordinal);
    private readonly List<IReadOnlyList<string>> _echoes = [];
    private readonly HashSet<string> _reportedUnknown = new(StringComparer.Ordinal);
    private readonly List<string> _configFiles = [];
    private readonly Dictionary<string, GrubScript> _parsed = new(StringComparer.Ordinal);

    private GrubEnvironment _env = new();
    private GrubMenu _menu = new();
    private (GrubMenu Menu, GrubEnvironment Env)? _presented;
    private string[]? _scope;
    private GrubEntryState? _entry;
    private Dictionary<string, GrubEnvBlock>? _entryEnvBlocks;
    private string _file = "";
    private long _steps;
    private long _stepLimit;
    private long _expandedChars;
    private long _totalSteps;
    private long _totalChars;
    private int _sourceDepth;
    private int _callDepth;
    private int _activeLoops;
    private int _breaks;
    private bool _isContinue;
    private bool _returning;

    public GrubInterpreter(IFileTree home, IReadOnlyList<IFileTree> volumes, ILoopbackOpener? loopbackOpener = null, GrubLimits? limits = null)
    {
        _home = home;
        var all = volumes.Contains(home) ? volumes : [home, .. volumes];
        _devices = new GrubDevices(all);
        _loopbackOpener = loopbackOpener ?? IsoLoopbackOpener.Instance;
        _limits = limits ?? GrubLimits.Default;
        _stepLimit = _limits.MaxSteps;
    }

    public GrubDevices Devices => _devices;

    /// <summary>Unwinds the evaluation when a budget runs out; carries where it happened.</summary>
    private sealed class BudgetExceededException(string message, string file, int line) : Exception(message)
    {
        public string File { get; } = file;
        public int Line { get; } = line;
    }

    private int _line;

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ThrowBudget(string message) => throw new BudgetExceededException(message, _file, _line);

    /// <summary>The display name of a file for diagnostics: "device:/path".</summary>
    private static string Display(IFileTree tree, string path) => $"{tree.Identity.Device}:{path}";

    /// <summary>
    /// Runs the config at <paramref name="configPath"/> on the home tree the way GRUB's normal mode
    /// starts (grub-core/normal/main.c): <c>root</c>, <c>prefix</c>, <c>config_directory</c>,
    /// <c>config_file</c> and the <c>feature_*</c> flags are set and exported first. When
    /// <paramref name="text"/> is given it is run instead of the file's contents.
    /// </summary>
    public GrubEvaluation Run(string configPath, string? text = null)
    {
        var result = new ConfigParseResult();
        var dir = FileTree.GetDirectory(configPath);
        string dev = _devices.NameOf(_home);
        void SetExported(string name, string value)
        {
            _env.Set(name, value);
            _env.Export(name);
        }
        SetExported("root", dev);
        SetExported("prefix", $"({dev}){(dir == "/" ? "" : dir)}");
        SetExported("cmdpath", $"({dev}){(dir == "/" ? "" : dir)}");
        SetExported("config_directory", $"({dev}){(dir == "/" ? "" : dir)}");
        SetExported("config_file", $"({dev}){configPath}");
        // normal/main.c "features": advertised to grub-mkconfig scripts, all "y".
        foreach (var f in (string[])["feature_chainloader_bpb", "feature_ntldr", "feature_platform_search_hint", "feature_default_font_path",
                     "feature_all_video_module", "feature_menuentry_id", "feature_menuentry_options", "feature_200_final",
                     "feature_nativedisk_cmd", "feature_timeout_style"])
            SetExported(f, "y");
        // We stand in for a 64-bit EFI GRUB: configs choose linuxefi/EFI paths on "efi".
        SetExported("grub_cpu", "x86_64");
        SetExported("grub_platform", "efi");

        try
        {
            if (text is not null)
            {
                _configFiles.Add(Display(_home, configPath));
                RunText(text, Display(_home, configPath));
            }
            else
            {
                RunFile(new GrubPath(_home, configPath, null), "config");
            }
        }
        catch (BudgetExceededException e)
        {
            _diagnostics.Add(new Diagnostic(Severity.Error, e.Message, e.File, e.Line));
        }

        var (menu, env) = _presented ?? (_menu, _env);
        BuildEntries(menu, env, result.Entries);
        result.Timeout = ParseTimeout(env.Get("timeout"));
        result.Diagnostics.AddRange(_diagnostics);
        result.ConfigFiles.AddRange(_configFiles.Distinct());
        var saved = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var k in _changedEnvBlocks)
            saved[k] = _envBlocks[k].ToArray();
        return new GrubEvaluation
        {
            Result = result,
            SavedEnvironmentBlocks = saved,
            Echoes = _echoes,
            Variables = new Dictionary<string, string>(_env.Variables, StringComparer.Ordinal),
        };
    }

    /// <summary>menu.c grub_menu_get_timeout: a number of seconds; negative means wait forever.</summary>
    private static TimeSpan? ParseTimeout(string? v)
    {
        if (string.IsNullOrEmpty(v))
            return null;
        if (!char.IsAsciiDigit(v.TrimStart()[0]) && v.TrimStart()[0] != '-')
            return null;
        long t = GrubTestExpression.StrToL(v);
        return t < 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(Math.Min(t, int.MaxValue));
    }

    private void Diag(Severity severity, string message, int? line)
    {
        var d = new Diagnostic(severity, message, _file, line);
        if (_entry is not null)
            _entry.Diagnostics.Add(d);
        else if (_diagnostics.Count < 10_000)
            _diagnostics.Add(d);
    }

    /// <summary>Starts a new budget phase (the config run, a submenu body, an entry body).</summary>
    private (long Steps, long Limit, long Chars) BeginPhase(long limit)
    {
        var saved = (_steps, _stepLimit, _expandedChars);
        _steps = 0;
        _stepLimit = limit;
        _expandedChars = 0;
        return saved;
    }

    private void EndPhase((long Steps, long Limit, long Chars) saved) => (_steps, _stepLimit, _expandedChars) = saved;

    private void Step()
    {
        if (++_totalSteps > _limits.MaxSteps + _limits.MaxTotalEntrySteps)
            ThrowBudget($"evaluation stopped after {_limits.MaxSteps + _limits.MaxTotalEntrySteps} commands in all (config, submenus and entries)");
        if (++_steps > _stepLimit)
            ThrowBudget($"evaluation stopped after {_stepLimit} commands (a loop or recursion that does not end?)");
    }

    // ---- files ----

    /// <summary>Reads, parses (cached) and runs a config file in the current context.</summary>
    private int RunFile(GrubPath path, string what)
    {
        if (!path.IsResolved || path.Tree is null)
        {
            Diag(Severity.Error, $"{what}: {path.Problem}", null);
            return 1;
        }
        var display = Display(path.Tree, path.Path);
        if (!_parsed.TryGetValue(display, out var script))
        {
            var st = GrubFiles.TryStat(path.Tree, path.Path);
            if (st is not { Kind: FileKind.File })
            {
                Diag(Severity.Warning, $"{what}: file '{path.Path}' not found", null);
                return 1;
            }
            if (st.Value.Size > _limits.MaxConfigBytes)
            {
                Diag(Severity.Error, $"{what}: '{path.Path}' is {st.Value.Size} bytes, more than the limit of {_limits.MaxConfigBytes}", null);
                return 1;
            }
            var bytes = GrubFiles.TryReadAll(path.Tree, path.Path, out var problem);
            if (bytes is null)
            {
                Diag(Severity.Error, $"{what}: cannot read '{path.Path}': {problem}", null);
                return 1;
            }
            var span = bytes.AsSpan();
            if (span.StartsWith("\uFEFF"u8))
                span = span[3..];
            script = GrubScriptParser.Parse(Encoding.UTF8.GetString(span), display, _diagnostics);
            _parsed[display] = script;
        }
        _configFiles.Add(display);
        return ExecuteFrom(script, display);
    }

    private int RunText(string text, string display) => ExecuteFrom(GrubScriptParser.Parse(text, display, _diagnostics), display);

    /// <summary>Runs a script with <paramref name="display"/> as the file its diagnostics name, then restores the caller's.</summary>
    private int ExecuteFrom(GrubScript script, string display)
    {
        var saveFile = _file;
        _file = display;
        try
        {
            return Execute(script);
        }
        finally
        {
            _file = saveFile;
        }
    }

    public GrubPath Resolve(string name) => _devices.Resolve(name, _env.Get("root"));

    // ---- execution ----

    private int Execute(GrubScript script)
    {
        int ret = 0;
        foreach (var node in script.Commands)
        {
            if (_breaks > 0 || _returning)
                break;
            ret = ExecuteNode(node);
            _env.Set("?", StatusText(ret));
        }
        return ret;
    }

    private static readonly string[] SmallStatus = ["0", "1", "2", "3"];

    private static string StatusText(int ret) =>
        ret is >= 0 and < 4 ? SmallStatus[ret] : ret.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private int ExecuteNode(GrubNode node)
    {
        _line = node.Line;
        Step();
        switch (node)
        {
            case GrubCommand c:
                return ExecuteCommand(c);
            case GrubIf i:
                foreach (var (cond, body) in i.Branches)
                {
                    int r = Execute(cond);
                    if (_returning || _breaks > 0)
                        return r;
                    if (r == 0)
                        return Execute(body);
                }
                return i.Else is null ? 0 : Execute(i.Else);
            case GrubFor f:
                return ExecuteFor(f);
            case GrubWhile w:
                return ExecuteWhile(w);
            case GrubFunctionDefinition fd:
                _functions[fd.Name] = fd.Body;
                return 0;
            default:
                return 0;
        }
    }

    private int ExecuteFor(GrubFor f)
    {
        var words = Expand(f.Words.Select(w => new GrubArgument(w, null)).ToList(), out _);
        _activeLoops++;
        int result = 0, n = 0;
        foreach (var w in words)
        {
            if (_isContinue && _breaks == 1)
                _breaks = 0;
            if (_breaks > 0)
                break;
            if (++n > _limits.MaxLoopIterations)
            {
                Diag(Severity.Error, $"for: stopped after {_limits.MaxLoopIterations} iterations", f.Line);
                break;
            }
            SetVariable(f.Variable, w, f.Line);
            result = Execute(f.Body);
            if (_returning)
                break;
        }
        if (_breaks > 0)
            _breaks--;
        _activeLoops--;
        return result;
    }

    private int ExecuteWhile(GrubWhile w)
    {
        _activeLoops++;
        int result = 0, n = 0;
        while (true)
        {
            if (++n > _limits.MaxLoopIterations)
            {
                Diag(Severity.Error, $"{(w.Until ? "until" : "while")}: stopped after {_limits.MaxLoopIterations} iterations", w.Line);
                break;
            }
            result = Execute(w.Condition);
            if (_returning)
                break;
            if (w.Until ? result == 0 : result != 0)
                break;
            result = Execute(w.Body);
            if (_returning)
                break;
            if (_breaks == 1 && _isContinue)
                _breaks = 0;
            if (_breaks > 0)
                break;
        }
        if (_breaks > 0)
            _breaks--;
        _activeLoops--;
        return result;
    }

    private int ExecuteCommand(GrubCommand c)
    {
        var argv = Expand(c.Arguments, out var block);
        if (argv.Count == 0)
            return 0;
        bool invert = false;
        int start = 0;
        if (argv[0] == "!")
        {
            if (argv.Count < 2)
            {
                Diag(Severity.Error, "no command is specified after '!'", c.Line);
                return 1;
            }
            invert = true;
            start = 1;
        }
        string name = argv[start];
        var args = argv.GetRange(start + 1, argv.Count - start - 1);
        int ret;
        if (TryBuiltin(name, args, block, c.Line, out ret))
        {
        }
        else if (_functions.TryGetValue(name, out var fn))
        {
            ret = CallFunction(name, fn, args, c.Line);
        }
        else
        {
            int eq = name.IndexOf('=');
            if (eq > 0 || (eq == 0 && name.Length > 0))
            {
                // execute.c: a word that is neither a command nor a function but has '=' is an assignment.
                SetVariable(name[..eq], name[(eq + 1)..], c.Line);
                return 0;
            }
            if (_reportedUnknown.Add(name))
                Diag(Severity.Warning, $"can't find command '{name}' (ignored, as GRUB does)", c.Line);
            // execute.c returns success for an unknown command after printing the error.
            return 0;
        }
        if (invert)
            ret = ret == 0 ? 1 : 0;
        return ret;
    }

    private int CallFunction(string name, GrubScript body, List<string> args, int line)
    {
        if (_callDepth >= _limits.MaxCallDepth)
        {
            Diag(Severity.Error, $"{name}: function calls nested deeper than {_limits.MaxCallDepth}", line);
            return 1;
        }
        var saveScope = _scope;
        int saveLoops = _activeLoops;
        _scope = args.ToArray();
        _activeLoops = 0;
        _callDepth++;
        try
        {
            return Execute(body);
        }
        finally
        {
            _callDepth--;
            _returning = false;
            _activeLoops = saveLoops;
            _scope = saveScope;
        }
    }

    /// <summary>grub_script_env_set: positional and special names cannot be assigned.</summary>
    private void SetVariable(string name, string value, int line)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0]) || name is "#" or "*" or "@")
        {
            Diag(Severity.Error, $"invalid variable name '{name}'", line);
            return;
        }
        if (value.Length > _limits.MaxValueLength)
        {
            Diag(Severity.Error, $"value of '{name}' cut to {_limits.MaxValueLength} characters", line);
            value = value[.._limits.MaxValueLength];
        }
        _env.Set(name, value);
    }

    // ---- expansion ----

    /// <summary>
    /// grub_script_arglist_to_argv: each word becomes one argument, except that an unquoted
    /// variable is split on white space and an argument that stays empty because only unset or
    /// empty variables fed it disappears; a quoted "" is a real empty argument. Backslash escapes
    /// in unquoted text are removed (wildcard_unescape). Blocks are returned separately.
    /// </summary>
    private List<string> Expand(IReadOnlyList<GrubArgument> arguments, out GrubScript? block)
    {
        block = null;
        var result = new List<StringBuilder?>();
        void Next()
        {
            if (result.Count > 0 && result[^1] is null)
                return;
            result.Add(null);
        }
        void Append(string s)
        {
            _expandedChars += s.Length;
            _totalChars += s.Length;
            if (_totalChars > _limits.MaxTotalExpandedChars)
                ThrowBudget($"evaluation stopped after expanding {_limits.MaxTotalExpandedChars} characters in all");
            if (_expandedChars > _limits.MaxExpandedChars)
                ThrowBudget($"evaluation stopped after expanding {_limits.MaxExpandedChars} characters (a string that keeps growing?)");
            var sb = result[^1] ??= new StringBuilder();
            if (sb.Length + s.Length > _limits.MaxValueLength)
                s = s[..Math.Max(0, _limits.MaxValueLength - sb.Length)];
            sb.Append(s);
        }
        void SplitAppend(string v)
        {
            int i = 0;
            while (i < v.Length && IsSpace(v[i]))
                i++;
            while (i < v.Length)
            {
                int s = i;
                while (i < v.Length && !IsSpace(v[i]))
                    i++;
                Append(v[s..i]);
                while (i < v.Length && IsSpace(v[i]))
                    i++;
                if (i < v.Length)
                    Next();
            }
        }
        foreach (var arg in arguments)
        {
            if (arg.Block is not null)
            {
                block = arg.Block;
                continue;
            }
            Next();
            foreach (var part in arg.Word!.Parts)
            {
                switch (part.Kind)
                {
                    case GrubWordPartKind.Text:
                        if (part.Text.Length > 0)
                            Append(Unescape(part.Text));
                        break;
                    case GrubWordPartKind.SingleQuoted or GrubWordPartKind.DoubleQuoted:
                        Append(part.Text);
                        break;
                    case GrubWordPartKind.Variable:
                        {
                            var values = VariableValues(part.Text, quoted: false);
                            for (int k = 0; k < values.Count; k++)
                            {
                                if (k > 0)
                                    Next();
                                SplitAppend(values[k]);
                            }
                            break;
                        }
                    case GrubWordPartKind.QuotedVariable:
                        {
                            var values = VariableValues(part.Text, quoted: true);
                            for (int k = 0; k < values.Count; k++)
                            {
                                if (k > 0)
                                    Next();
                                if (values[k].Length > 0)
                                    Append(values[k]);
                            }
                            break;
                        }
                }
            }
        }
        if (result.Count > 0 && result[^1] is null)
            result.RemoveAt(result.Count - 1);
        return result.Select(sb => sb!.ToString()).ToList();
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v';

    /// <summary>wildcard_unescape: a backslash keeps the next character literally and is dropped.</summary>
    private static string Unescape(string s)
    {
        if (!s.Contains('\\'))
            return s;
        var sb = new StringBuilder(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\')
            {
                if (i + 1 < s.Length)
                    sb.Append(s[++i]);
                continue;
            }
            sb.Append(s[i]);
        }
        return sb.ToString();
    }

    /// <summary>grub_script_env_get: the pieces a variable reference contributes ($@ gives one per parameter).</summary>
    private List<string> VariableValues(string name, bool quoted)
    {
        var list = new List<string>(1);
        bool special = char.IsAsciiDigit(name[0]) || name is "#" or "*" or "@";
        if (!special)
        {
            var v = _env.Get(name);
            if (!string.IsNullOrEmpty(v))
                list.Add(v);
            return list;
        }
        if (_scope is null)
            return list;
        switch (name)
        {
            case "#":
                list.Add(_scope.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case "*":
                if (quoted)
                    list.Add(string.Join(' ', _scope));
                else
                    list.AddRange(_scope);
                break;
            case "@":
                list.AddRange(_scope);
                break;
            default:
                {
                    ulong n = GrubTestExpression.StrToUL(name, 0);
                    if (n >= 1 && n <= (ulong)_scope.Length)
                        list.Add(_scope[(int)n - 1]);
                    break;
                }
        }
        return list;
    }

    /// <summary>Expands $name and ${name} in a plain string (BLS titles, as Fedora's blscfg does).</summary>
    private string ExpandVariablesInText(string s)
    {
        var sb = new StringBuilder(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] != '$' || i + 1 >= s.Length)
            {
                sb.Append(s[i]);
                continue;
            }
            int j = i + 1;
            bool braced = s[j] == '{';
            if (braced)
                j++;
            int st = j;
            while (j < s.Length && (char.IsAsciiLetterOrDigit(s[j]) || s[j] == '_'))
                j++;
            if (j == st || (braced && (j >= s.Length || s[j] != '}')))
            {
                sb.Append(s[i]);
                continue;
            }
            sb.Append(_env.Get(s[st..j]) ?? "");
            i = braced ? j : j - 1;
        }
        return sb.ToString();
    }
}
