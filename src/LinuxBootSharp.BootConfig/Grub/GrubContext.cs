using LinuxBootSharp.Storage;

namespace LinuxBootSharp.BootConfig.Grub;

/// <summary>
/// The state one GRUB evaluation shares between the evaluator and the command families: the
/// devices, the current variable context and menu (grub-core/normal/context.c, menu.c), the
/// positional parameters, the entry being evaluated, where the current command is, and the
/// diagnostics. Everything else (functions, loop state, grubenv blocks, caches) belongs to the
/// one type that needs it.
/// </summary>
internal sealed class GrubContext
{
    /// <summary>Top-level diagnostics one evaluation keeps at most (a config that loops on an error).</summary>
    public const int MaxDiagnostics = 10_000;

    public GrubContext(IFileTree home, GrubDevices devices, GrubLimits limits)
    {
        Home = home;
        Devices = devices;
        Limits = limits;
        Budget = new GrubBudget(limits, this);
    }

    public IFileTree Home { get; }
    public GrubDevices Devices { get; }
    public GrubLimits Limits { get; }
    public GrubBudget Budget { get; }

    public List<Diagnostic> Diagnostics { get; } = [];

    /// <summary>"device:/path" of every config file run, in order (duplicates removed at the end).</summary>
    public List<string> ConfigFiles { get; } = [];

    /// <summary>Arguments of each <c>echo</c> run at config level.</summary>
    public List<IReadOnlyList<string>> Echoes { get; } = [];

    /// <summary>The variables of the current context (a submenu or configfile opens a new one).</summary>
    public GrubEnvironment Env { get; set; } = new();

    /// <summary>The menu <c>menuentry</c> adds to: the config's, a submenu's or a configfile's.</summary>
    public GrubMenu Menu { get; set; } = new();

    /// <summary>The menu GRUB would show: set when a <c>configfile</c> produced entries.</summary>
    public (GrubMenu Menu, GrubEnvironment Env)? Presented { get; set; }

    /// <summary>Positional parameters ($1..., $#, $@): a function's arguments or an entry's; null at top level.</summary>
    public string[]? Scope { get; set; }

    /// <summary>The entry body being evaluated, or null while the config (or a submenu body) runs.</summary>
    public GrubEntryState? Entry { get; set; }

    /// <summary>Where the current command is: the file diagnostics name and its line.</summary>
    public string File { get; set; } = "";
    public int Line { get; set; }

    /// <summary>The display name of a file for diagnostics: "device:/path".</summary>
    public static string Display(IFileTree tree, string path) => $"{tree.Identity.Device}:{path}";

    public GrubPath Resolve(string name) => Devices.Resolve(name, Env.Get("root"));

    /// <summary>A problem of the current command: on the entry being evaluated, or on the config.</summary>
    public void Diag(Severity severity, string message, int? line)
    {
        var d = new Diagnostic(severity, message, File, line);
        if (Entry is not null)
            Entry.Diagnostics.Add(d);
        else
            Report(d);
    }

    /// <summary>A problem of the config as a whole (bounded, see <see cref="MaxDiagnostics"/>).</summary>
    public void Report(Diagnostic d)
    {
        if (Diagnostics.Count < MaxDiagnostics)
            Diagnostics.Add(d);
    }

    /// <summary>grub_script_env_set: positional and special names cannot be assigned; values are bounded.</summary>
    public void SetVariable(string name, string value, int line)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0]) || name is "#" or "*" or "@")
        {
            Diag(Severity.Error, $"invalid variable name '{name}'", line);
            return;
        }
        if (value.Length > Limits.MaxValueLength)
        {
            Diag(Severity.Error, $"value of '{name}' cut to {Limits.MaxValueLength} characters", line);
            value = value[..Limits.MaxValueLength];
        }
        Env.Set(name, value);
    }

    private readonly HashSet<string> _reportedReadErrors = new(StringComparer.Ordinal);

    /// <summary>
    /// Stats a file for the evaluation. A read error counts as absent, as in GRUB, and is reported
    /// as a warning once per file (a <c>search</c> loop would otherwise repeat it), so that a
    /// corrupt file system does not pass for a missing file.
    /// </summary>
    public FileStat? TryStat(IFileTree tree, string path)
    {
        var st = GrubFiles.TryStat(tree, path, out var error);
        if (error is not null && _reportedReadErrors.Add(Display(tree, path)))
            Diag(Severity.Warning, error, Line);
        return st;
    }
}
