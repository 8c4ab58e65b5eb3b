using LinuxBootSharp.Storage;

namespace LinuxBootSharp.BootConfig.Grub;

/// <summary>
/// Variables and the saved environment: <c>set</c>/<c>unset</c>/<c>export</c>
/// (grub-core/kern/corecmd.c, kern/env.c) and <c>load_env</c>/<c>save_env</c> on a grubenv block
/// (grub-core/commands/loadenv.c). <c>saved_entry</c> and <c>next_entry</c> need nothing more:
/// grub-mkconfig's script loads them with <c>load_env</c> and copies them into <c>default</c>.
/// A block is read once per evaluation and changed in memory only; the disk is never written.
/// </summary>
internal sealed class GrubEnvironmentCommands(GrubContext ctx) : IGrubCommandFamily
{
    private static readonly GrubOptions.Spec[] EnvOptions =
    [
        new("file", 'f', GrubOptions.ValueKind.Required),
        new("skip-sig", 's', GrubOptions.ValueKind.None),
    ];

    private readonly Dictionary<string, GrubEnvBlock> _blocks = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);

    public void Register(GrubCommandTable table)
    {
        table.Add("set", CmdSet);
        table.Add("unset", c =>
        {
            foreach (var a in c.Args)
                ctx.Env.Unset(a);
            return 0;
        });
        table.Add("export", c =>
        {
            foreach (var a in c.Args)
                ctx.Env.Export(a);
            return 0;
        });
        table.Add("load_env", CmdLoadEnv);
        table.Add("save_env", CmdSaveEnv);
    }

    /// <summary>"device:/path" of each block changed at config level, with its new bytes.</summary>
    public Dictionary<string, byte[]> ChangedBlocks()
    {
        var saved = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var k in _changed)
            saved[k] = _blocks[k].ToArray();
        return saved;
    }

    /// <summary>
    /// The block and old value when the config, at config level, saved <c>next_entry</c> empty or
    /// deleted after it had a value there: GRUB's one-shot default being consumed (00_header).
    /// </summary>
    public (string Block, string Value)? ClearedOneShot() => _clearedOneShot;

    private (string Block, string Value)? _clearedOneShot;

    /// <summary>grub_core_cmd_set: "set" lists, "set a=b" assigns, "set a" is not an assignment.</summary>
    private int CmdSet(GrubCall c)
    {
        if (c.Args.Count == 0)
            return 0;
        var a = c.Args[0];
        int eq = a.IndexOf('=');
        if (eq < 0)
        {
            ctx.Diag(Severity.Error, $"set: '{a}' is not an assignment", c.Line);
            return 1;
        }
        ctx.SetVariable(a[..eq], a[(eq + 1)..], c.Line);
        return 0;
    }

    /// <summary>The block that load_env/save_env use: "-f FILE" or $prefix/grubenv (loadenv.c).</summary>
    private (GrubEnvBlock? Block, string? Key, string? Problem) OpenBlock(GrubOptions o)
    {
        string name;
        if (o.Value("file") is string f)
        {
            name = f;
        }
        else
        {
            var prefix = ctx.Env.Get("prefix");
            if (string.IsNullOrEmpty(prefix))
                return (null, null, "variable 'prefix' isn't set");
            name = prefix + "/grubenv";
        }
        var p = ctx.Resolve(name);
        if (!p.IsResolved || p.Tree is null)
            return (null, null, p.Problem);
        if (p.Path.Length == 0)
            return (null, null, $"'{name}' is a device, not a file");
        var key = GrubContext.Display(p.Tree, p.Path);
        if (ctx.Entry is { } entry && entry.EnvBlocks.TryGetValue(key, out var eb))
            return (eb, key, null);
        if (_blocks.TryGetValue(key, out var b))
            return (b, key, null);
        var st = ctx.TryStat(p.Tree, p.Path);
        if (st is not { Kind: FileKind.File })
            return (null, key, $"file '{p.Path}' not found");
        var bytes = GrubFiles.TryReadAll(p.Tree, p.Path, out var problem);
        if (bytes is null)
            return (null, key, problem);
        var block = GrubEnvBlock.Open(bytes);
        if (block is null)
            return (null, key, $"'{p.Path}': invalid environment block");
        _blocks[key] = block;
        return (block, key, null);
    }

    private int CmdLoadEnv(GrubCall c)
    {
        var o = GrubOptions.Parse(c.Args, EnvOptions);
        var (block, _, problem) = OpenBlock(o);
        if (block is null)
        {
            ctx.Diag(Severity.Info, $"load_env: {problem}", c.Line);
            return 1;
        }
        var whitelist = o.Positional.Count > 0 ? new HashSet<string>(o.Positional, StringComparer.Ordinal) : null;
        foreach (var (name, value) in block.Variables())
            if (whitelist is null || whitelist.Contains(name))
                ctx.SetVariable(name, value, c.Line);
        return 0;
    }

    /// <summary>
    /// save_env: applies every variable to a copy and keeps it only when all fit, as loadenv.c
    /// writes nothing after an error; unset variables are deleted. Only memory is changed; an
    /// entry body's changes are dropped with the entry.
    /// </summary>
    private int CmdSaveEnv(GrubCall c)
    {
        var o = GrubOptions.Parse(c.Args, EnvOptions);
        if (o.Positional.Count == 0)
        {
            ctx.Diag(Severity.Error, "save_env: no variable is specified", c.Line);
            return 1;
        }
        var (block, key, problem) = OpenBlock(o);
        if (block is null || key is null)
        {
            ctx.Diag(Severity.Info, $"save_env: {problem}", c.Line);
            return 1;
        }
        var copy = GrubEnvBlock.Open(block.ToArray())!;
        foreach (var name in o.Positional)
        {
            var value = ctx.Env.Get(name);
            if (value is null)
            {
                copy.Delete(name);
            }
            else if (!copy.Set(name, value))
            {
                ctx.Diag(Severity.Warning, $"save_env: environment block too small for '{name}' (nothing saved)", c.Line);
                return 1;
            }
        }
        if (ctx.Entry is { } entry)
        {
            entry.EnvBlocks[key] = copy;
        }
        else
        {
            if (o.Positional.Contains("next_entry") && string.IsNullOrEmpty(ctx.Env.Get("next_entry"))
                && block.Variables().FirstOrDefault(kv => kv.Key == "next_entry").Value is { Length: > 0 } old)
                _clearedOneShot ??= (key, old);
            _blocks[key] = copy;
            _changed.Add(key);
        }
        return 0;
    }
}
