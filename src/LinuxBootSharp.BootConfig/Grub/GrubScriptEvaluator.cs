using System.Text;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.BootConfig.Grub;

/// <summary>
/// GRUB's script engine (grub-core/script/execute.c, script/function.c): statements,
/// <c>if/for/while/until</c>, functions with positional parameters, <c>$?</c>,
/// <c>break/continue/return/shift/setparams/eval</c>, and running files with <c>source</c> and
/// <c>configfile</c> (grub-core/commands/configfile.c, normal/main.c). Commands are looked up in
/// the <see cref="GrubCommandTable"/> first, then among the functions; an unknown word with '='
/// is an assignment. Words are expanded by <see cref="GrubWordExpander"/>.
/// </summary>
internal sealed class GrubScriptEvaluator : IGrubScriptRunner, IGrubCommandFamily
{
    private static readonly string[] SmallStatus = ["0", "1", "2", "3"];

    private readonly GrubContext _ctx;
    private readonly GrubCommandTable _commands;
    private readonly GrubWordExpander _expander;
    private readonly Dictionary<string, GrubScript> _functions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GrubScript> _parsed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reportedUnknown = new(StringComparer.Ordinal);
    private int _sourceDepth;
    private int _callDepth;
    private int _activeLoops;
    private int _breaks;
    private bool _isContinue;
    private bool _returning;

    public GrubScriptEvaluator(GrubContext ctx, GrubCommandTable commands)
    {
        _ctx = ctx;
        _commands = commands;
        _expander = new GrubWordExpander(ctx);
    }

    public void Register(GrubCommandTable table)
    {
        table.Add(["source", "."], c => CmdSource(c, newContext: false));
        table.Add("configfile", c => CmdSource(c, newContext: true));
        // normal/main.c: "normal FILE" reads FILE as a new config; "normal" alone re-enters the menu.
        table.Add("normal", c => c.Args.Count > 0 ? CmdSource(c, newContext: true) : 0);
        table.Add("eval", c => c.Args.Count > 0 ? RunNested(string.Join(' ', c.Args), c.Line) : 0);
        table.Add("setparams", c =>
        {
            _ctx.Scope = c.Args.ToArray();
            return 0;
        });
        table.Add("shift", CmdShift);
        table.Add("return", CmdReturn);
        table.Add(["break", "continue"], CmdBreak);
    }

    public void ResetControlFlow()
    {
        _breaks = 0;
        _returning = false;
    }

    // ---- files ----

    /// <summary>Reads, parses (cached) and runs a config file in the current context.</summary>
    public int RunFile(GrubPath path, string what)
    {
        if (!path.IsResolved || path.Tree is null)
        {
            _ctx.Diag(Severity.Error, $"{what}: {path.Problem}", null);
            return 1;
        }
        var display = GrubContext.Display(path.Tree, path.Path);
        if (!_parsed.TryGetValue(display, out var script))
        {
            var st = _ctx.TryStat(path.Tree, path.Path);
            if (st is not { Kind: FileKind.File })
            {
                _ctx.Diag(Severity.Warning, $"{what}: file '{path.Path}' not found", null);
                return 1;
            }
            if (st.Value.Size > _ctx.Limits.MaxConfigBytes)
            {
                _ctx.Diag(Severity.Error, $"{what}: '{path.Path}' is {st.Value.Size} bytes, more than the limit of {_ctx.Limits.MaxConfigBytes}", null);
                return 1;
            }
            var bytes = GrubFiles.TryReadAll(path.Tree, path.Path, out var problem);
            if (bytes is null)
            {
                _ctx.Diag(Severity.Error, $"{what}: cannot read '{path.Path}': {problem}", null);
                return 1;
            }
            var span = bytes.AsSpan();
            if (span.StartsWith("\uFEFF"u8))
                span = span[3..];
            script = GrubScriptParser.Parse(Encoding.UTF8.GetString(span), display, _ctx.Diagnostics);
            _parsed[display] = script;
        }
        _ctx.ConfigFiles.Add(display);
        return ExecuteFrom(script, display);
    }

    /// <summary>Runs <paramref name="text"/> as if it were the file <paramref name="display"/>.</summary>
    public int RunText(string text, string display) => ExecuteFrom(GrubScriptParser.Parse(text, display, _ctx.Diagnostics), display);

    /// <summary>Runs a script with <paramref name="display"/> as the file its diagnostics name, then restores the caller's.</summary>
    private int ExecuteFrom(GrubScript script, string display)
    {
        var saveFile = _ctx.File;
        _ctx.File = display;
        try
        {
            return Execute(script);
        }
        finally
        {
            _ctx.File = saveFile;
        }
    }

    /// <summary>Runs script text in the current context (eval).</summary>
    private int RunNested(string text, int line)
    {
        var diags = new List<Diagnostic>();
        var script = GrubScriptParser.Parse(text, _ctx.File, diags);
        foreach (var d in diags)
            _ctx.Diag(d.Severity, d.Message, line);
        return Execute(script);
    }

    /// <summary>
    /// source/configfile (grub-core/commands/configfile.c): <c>source</c> runs the file in the
    /// current context and menu; <c>configfile</c> (and <c>normal FILE</c>) opens a new context
    /// with only exported variables and a new menu, which GRUB shows at once: when it has entries
    /// it becomes the menu we list.
    /// </summary>
    private int CmdSource(GrubCall c, bool newContext)
    {
        string what = newContext ? "configfile" : "source";
        var args = c.Args;
        if (args.Count != 1)
        {
            _ctx.Diag(Severity.Error, $"{what}: one argument expected", c.Line);
            return 1;
        }
        if (_sourceDepth >= _ctx.Limits.MaxSourceDepth)
        {
            _ctx.Diag(Severity.Error, $"{what}: '{args[0]}' nested deeper than {_ctx.Limits.MaxSourceDepth} files (recursive source?)", c.Line);
            return 1;
        }
        var path = _ctx.Resolve(args[0]);
        if (!path.IsResolved)
        {
            _ctx.Diag(Severity.Error, $"{what}: {path.Problem}", c.Line);
            return 1;
        }
        _sourceDepth++;
        try
        {
            if (!newContext)
                return RunFile(path, what);
            if (_ctx.Entry is not null)
            {
                // Inside an entry GRUB would show another menu; listing it would be a second menu.
                _ctx.Diag(Severity.Info, $"configfile inside a menu entry: '{args[0]}' is not listed", c.Line);
                return 0;
            }
            var saveEnv = _ctx.Env;
            var saveMenu = _ctx.Menu;
            _ctx.Env = saveEnv.NewContext();
            _ctx.Menu = new GrubMenu();
            try
            {
                int r = RunFile(path, what);
                if (_ctx.Menu.Items.Count > 0)
                    _ctx.Presented = (_ctx.Menu, _ctx.Env);
                return r;
            }
            finally
            {
                _ctx.Env = saveEnv;
                _ctx.Menu = saveMenu;
            }
        }
        finally
        {
            _sourceDepth--;
        }
    }

    // ---- statements ----

    public int Execute(GrubScript script)
    {
        int ret = 0;
        foreach (var node in script.Commands)
        {
            if (_breaks > 0 || _returning)
                break;
            ret = ExecuteNode(node);
            _ctx.Env.Set("?", StatusText(ret));
        }
        return ret;
    }

    private static string StatusText(int ret) =>
        ret is >= 0 and < 4 ? SmallStatus[ret] : ret.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private int ExecuteNode(GrubNode node)
    {
        _ctx.Line = node.Line;
        _ctx.Budget.Step();
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
        var words = _expander.Expand(f.Words);
        _activeLoops++;
        int result = 0, n = 0;
        foreach (var w in words)
        {
            if (_isContinue && _breaks == 1)
                _breaks = 0;
            if (_breaks > 0)
                break;
            if (++n > _ctx.Limits.MaxLoopIterations)
            {
                _ctx.Diag(Severity.Error, $"for: stopped after {_ctx.Limits.MaxLoopIterations} iterations", f.Line);
                break;
            }
            _ctx.SetVariable(f.Variable, w, f.Line);
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
            if (++n > _ctx.Limits.MaxLoopIterations)
            {
                _ctx.Diag(Severity.Error, $"{(w.Until ? "until" : "while")}: stopped after {_ctx.Limits.MaxLoopIterations} iterations", w.Line);
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
        var argv = _expander.Expand(c.Arguments, out var block);
        if (argv.Count == 0)
            return 0;
        bool invert = false;
        int start = 0;
        if (argv[0] == "!")
        {
            if (argv.Count < 2)
            {
                _ctx.Diag(Severity.Error, "no command is specified after '!'", c.Line);
                return 1;
            }
            invert = true;
            start = 1;
        }
        string name = argv[start];
        var args = argv.GetRange(start + 1, argv.Count - start - 1);
        int ret;
        if (_commands.TryGet(name, out var handler))
        {
            ret = handler(new GrubCall(name, args, block, c.Line));
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
                _ctx.SetVariable(name[..eq], name[(eq + 1)..], c.Line);
                return 0;
            }
            if (_reportedUnknown.Add(name))
                _ctx.Diag(Severity.Warning, $"can't find command '{name}' (ignored, as GRUB does)", c.Line);
            // execute.c returns success for an unknown command after printing the error.
            return 0;
        }
        if (invert)
            ret = ret == 0 ? 1 : 0;
        return ret;
    }

    /// <summary>script/function.c: a call gets its own positional parameters and loop count.</summary>
    private int CallFunction(string name, GrubScript body, List<string> args, int line)
    {
        if (_callDepth >= _ctx.Limits.MaxCallDepth)
        {
            _ctx.Diag(Severity.Error, $"{name}: function calls nested deeper than {_ctx.Limits.MaxCallDepth}", line);
            return 1;
        }
        var saveScope = _ctx.Scope;
        int saveLoops = _activeLoops;
        _ctx.Scope = args.ToArray();
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
            _ctx.Scope = saveScope;
        }
    }

    // ---- control-flow commands (execute.c grub_script_break, grub_script_return, grub_script_shift) ----

    private int CmdShift(GrubCall c)
    {
        var scope = _ctx.Scope;
        if (scope is null)
            return 0;
        ulong n = c.Args.Count == 0 ? 1 : GrubTestExpression.StrToUL(c.Args[0], 0);
        if (n > (ulong)scope.Length)
            return 1;
        _ctx.Scope = scope[(int)n..];
        return 0;
    }

    private int CmdReturn(GrubCall c)
    {
        var args = c.Args;
        if (_callDepth == 0 || args.Count > 1)
        {
            _ctx.Diag(Severity.Error, "return: not in function body", c.Line);
            return 1;
        }
        _returning = true;
        if (args.Count == 0)
            return (int)GrubTestExpression.StrToL(_ctx.Env.Get("?") ?? "0");
        // execute.c: "return N" fails with error code N, which becomes $?.
        return (int)Math.Min(GrubTestExpression.StrToUL(args[0], 0), int.MaxValue);
    }

    private int CmdBreak(GrubCall c)
    {
        var (name, args) = (c.Name, c.Args);
        ulong count = 1;
        if (args.Count > 1)
        {
            _ctx.Diag(Severity.Error, $"{name}: one argument expected", c.Line);
            return 1;
        }
        if (args.Count == 1)
        {
            count = GrubTestExpression.StrToUL(args[0], 0);
            if (count == 0)
            {
                _ctx.Diag(Severity.Error, $"{name}: can't break 0 loops", c.Line);
                return 1;
            }
        }
        _isContinue = name == "continue";
        _breaks = (int)Math.Min(count, (ulong)_activeLoops);
        return 0;
    }
}
