namespace LinuxBootSharp.Initramfs;

/// <summary>
/// The <c>blacklist NAME</c> lines of the layout's modprobe.d files, applied when the image is built.
/// <para>
/// Why at build time and not in lbs's ModuleLoader: lbs has no module autoloading (no udev, no
/// modprobe); at init it loads exactly the load list this builder writes. A blacklist can only ever
/// act on that list, and the list is fixed here. Applying it here means a blacklisted module costs
/// no flash, a kept module that depends on a blacklisted one is a build error instead of
/// "Unknown symbol" at boot, and PID 1 carries no modprobe.d parser. The files themselves still
/// ship in the image, so the image says why a module is missing.
/// </para>
/// <para>
/// Semantics: stronger than modprobe.d(5)'s, where "blacklist" only makes modprobe ignore the
/// module's aliases (an explicit "modprobe NAME" still loads it). Here it removes the module even
/// when the board's profile names it, as the kernel's own <c>module_blacklist=</c> parameter
/// refuses every load (kernel/module/main.c, blacklisted()). That is the point of a board overlay
/// blacklisting a module the shared profile lists.
/// </para>
/// </summary>
public sealed class ModuleBlacklist
{
    /// <summary>modprobe.d(5) "CONFIGURATION DIRECTORIES", in precedence order: a file name in an earlier
    /// folder hides the same name in a later one. These are the standard's paths, not our layout's.</summary>
    public static readonly IReadOnlyList<string> ConfigFolders = ["etc/modprobe.d", "run/modprobe.d", "usr/local/lib/modprobe.d", "usr/lib/modprobe.d", "lib/modprobe.d"];

    /// <summary>Commands modprobe.d(5) defines; all but blacklist only matter to modprobe, which the image does not have.</summary>
    private static readonly HashSet<string> KnownCommands = new(StringComparer.Ordinal) { "alias", "blacklist", "install", "options", "remove", "softdep", "weakdep" };

    private readonly Dictionary<string, BlacklistEntry> _entries = new(StringComparer.Ordinal);

    public static ModuleBlacklist Empty { get; } = new();

    public IReadOnlyCollection<BlacklistEntry> Entries => _entries.Values;

    public BlacklistEntry? Find(string module) => _entries.GetValueOrDefault(KernelModuleInfo.NormalizeName(module));

    /// <summary>Reads the "*.conf" files the layout places in the modprobe.d folders, in modprobe's order
    /// (lexical by file name, modprobe.d(5)).</summary>
    public static ModuleBlacklist FromLayout(InitramfsLayout layout)
    {
        var byName = new SortedDictionary<string, LayoutItem>(StringComparer.Ordinal);
        foreach (var folder in ConfigFolders)
            foreach (var item in layout.DataFiles)
            {
                var dir = Path.GetDirectoryName(item.Path)?.Replace('\\', '/');
                var name = Path.GetFileName(item.Path);
                if (dir == folder && name.EndsWith(".conf", StringComparison.Ordinal))
                    byName.TryAdd(name, item);
            }
        var b = new ModuleBlacklist();
        foreach (var item in byName.Values)
            b.Parse(File.ReadAllText(item.Location!), "/" + item.Path);
        return b;
    }

    /// <summary>modprobe.d(5): one command per line, '#' comment lines, blank lines ignored, a trailing
    /// '\' continues the line. Unknown commands are errors (a typo would otherwise disable a blacklist).</summary>
    public ModuleBlacklist Parse(string text, string file)
    {
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            int first = i + 1;
            var line = lines[i].TrimEnd('\r');
            while (line.EndsWith('\\') && i + 1 < lines.Length)
                line = line[..^1] + " " + lines[++i].TrimEnd('\r');
            var f = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 0 || f[0].StartsWith('#'))
                continue;
            if (!KnownCommands.Contains(f[0]))
                throw new LayoutFormatException(file, first, $"unknown modprobe.d command '{f[0]}' (modprobe.d(5): {string.Join(", ", KnownCommands.Order(StringComparer.Ordinal))})");
            if (f[0] != "blacklist")
                continue;
            if (f.Length != 2)
                throw new LayoutFormatException(file, first, $"blacklist takes one module name, found {f.Length - 1}");
            var name = KernelModuleInfo.NormalizeName(f[1]);
            _entries.TryAdd(name, new BlacklistEntry(name, file, first));
        }
        return this;
    }
}

/// <summary>Module <see cref="Name"/> blacklisted by <see cref="File"/> (path in the image) line <see cref="Line"/>.</summary>
public sealed record BlacklistEntry(string Name, string File, int Line)
{
    public override string ToString() => $"module {Name} blacklisted by {File} line {Line}";
}
