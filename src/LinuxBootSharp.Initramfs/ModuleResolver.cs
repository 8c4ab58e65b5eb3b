namespace LinuxBootSharp.Initramfs;

/// <summary>
/// Finds the board's modules in an unpacked kernel tree (lib/modules/VERSION) and orders them
/// with their dependencies first, as modprobe would load them. Modules built into the kernel
/// (modules.builtin) are satisfied without a file.
/// </summary>
public sealed class ModuleResolver
{
    private readonly Dictionary<string, string> _byName = new(StringComparer.Ordinal);
    private readonly HashSet<string> _builtin = new(StringComparer.Ordinal);
    private readonly Dictionary<string, KernelModuleInfo> _info = new(StringComparer.Ordinal);

    /// <param name="modulesDir">lib/modules/VERSION of an unpacked kernel package.</param>
    public ModuleResolver(string modulesDir)
    {
        ModulesDir = modulesDir;
        if (!Directory.Exists(modulesDir))
            throw new DirectoryNotFoundException($"{modulesDir}: kernel modules directory not found");
        foreach (var f in Directory.EnumerateFiles(modulesDir, "*.ko*", SearchOption.AllDirectories))
        {
            var n = KernelModuleInfo.NormalizeName(Path.GetFileName(f).Split('.')[0]);
            // First one wins; sort order of enumeration is not defined, so prefer the shorter path deterministically.
            if (!_byName.TryGetValue(n, out var existing) || string.CompareOrdinal(f, existing) < 0)
                _byName[n] = f;
        }
        var builtin = Path.Combine(modulesDir, "modules.builtin");
        if (File.Exists(builtin))
            foreach (var line in File.ReadLines(builtin))
                if (line.Length > 0)
                    _builtin.Add(KernelModuleInfo.NormalizeName(Path.GetFileName(line).Split('.')[0]));
    }

    public string ModulesDir { get; }

    public bool IsBuiltin(string name) => _builtin.Contains(KernelModuleInfo.NormalizeName(name));

    /// <summary>Returns module files in load order (dependencies before dependents), each once.</summary>
    public IReadOnlyList<string> Resolve(IEnumerable<string> names) => Resolve(names, ModuleBlacklist.Empty, out _);

    /// <summary>
    /// As <see cref="Resolve(IEnumerable{string})"/>, leaving out the modules <paramref name="blacklist"/>
    /// names (each reported in <paramref name="skipped"/>). A kept module that depends on a blacklisted one
    /// is an error: at init it would fail with "Unknown symbol". A built-in module is in the kernel
    /// whatever the blacklist says; it needs no file, so the blacklist has nothing to drop.
    /// </summary>
    public IReadOnlyList<string> Resolve(IEnumerable<string> names, ModuleBlacklist blacklist, out IReadOnlyList<BlacklistEntry> skipped)
    {
        var order = new List<string>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        var visiting = new HashSet<string>(StringComparer.Ordinal);
        var dropped = new List<BlacklistEntry>();
        foreach (var n in names)
        {
            var name = KernelModuleInfo.NormalizeName(n);
            if (!_builtin.Contains(name) && blacklist.Find(name) is { } entry)
            {
                if (!dropped.Contains(entry))
                    dropped.Add(entry);
                continue;
            }
            Visit(name, order, done, visiting, requiredBy: null, blacklist);
        }
        skipped = dropped;
        return order;
    }

    private void Visit(string name, List<string> order, HashSet<string> done, HashSet<string> visiting, string? requiredBy, ModuleBlacklist blacklist)
    {
        if (done.Contains(name) || _builtin.Contains(name))
            return;
        if (requiredBy is not null && blacklist.Find(name) is { } entry)
            throw new InvalidDataException($"module {requiredBy} needs {name}, but {entry}: drop {requiredBy} from the board's modules or the blacklist line");
        if (!visiting.Add(name))
            throw new InvalidDataException($"module dependency cycle through {name}");
        if (!_byName.TryGetValue(name, out var file))
            throw new FileNotFoundException(requiredBy is null
                ? $"module {name} not found under {ModulesDir} and not built in"
                : $"module {name} (needed by {requiredBy}) not found under {ModulesDir} and not built in");
        if (!_info.TryGetValue(name, out var info))
            _info[name] = info = KernelModuleInfo.Read(file);
        foreach (var dep in info.Depends)
            Visit(dep, order, done, visiting, name, blacklist);
        visiting.Remove(name);
        done.Add(name);
        order.Add(file);
    }
}
