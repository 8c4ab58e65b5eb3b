namespace LinuxBootSharp.Boards;

/// <summary>The profiles compiled into lbs (boards/*.json as embedded resources) and DMI matching.</summary>
public static class BoardCatalog
{
    public const string GenericName = "generic";

    private static readonly Lazy<IReadOnlyList<BoardProfile>> _all = new(LoadEmbedded);

    public static IReadOnlyList<BoardProfile> All => _all.Value;

    public static BoardProfile? Find(string name) => All.FirstOrDefault(b => b.Name == name);

    public static BoardProfile Generic => Find(GenericName) ?? new BoardProfile { Name = GenericName };

    /// <summary>Parses one profile; the message names the source and JSON position on error.</summary>
    public static BoardProfile Parse(string json, string source)
    {
        var p = BoardProfileReader.Read(json, source);
        Validate(p, source);
        return p;
    }

    private static readonly HashSet<string> QuirkKinds = ["unbind-driver", "remove-module", "clear-bus-master", "disarm-watchdog", "write-sysfs"];

    private static void Validate(BoardProfile p, string source)
    {
        if (string.IsNullOrWhiteSpace(p.Name))
            throw new InvalidDataException($"{source}: \"name\" is empty");
        foreach (var q in p.Quirks)
            if (!QuirkKinds.Contains(q.Kind))
                throw new InvalidDataException($"{source}: quirk kind \"{q.Kind}\" is not one of {string.Join(", ", QuirkKinds)}");
        if (p.Menu.DeviceDeadlineMs is < 50 or > 600_000)
            throw new InvalidDataException($"{source}: menu.device_deadline_ms {p.Menu.DeviceDeadlineMs} is outside 50..600000");
    }

    private static IReadOnlyList<BoardProfile> LoadEmbedded()
    {
        var asm = typeof(BoardCatalog).Assembly;
        var list = new List<BoardProfile>();
        foreach (var name in asm.GetManifestResourceNames().Where(n => n.StartsWith("boards/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var s = asm.GetManifestResourceStream(name)!;
            using var r = new StreamReader(s);
            list.Add(Parse(r.ReadToEnd(), name));
        }
        return list;
    }

    /// <summary>
    /// The first specific profile whose every match rule fits the DMI fields; else the generic one.
    /// A rule is an fnmatch(3) glob (<see cref="Glob"/>: '*', '?', "[...]", "\" escapes) matched
    /// with FNM_CASEFOLD, against the value trimmed as the kernel pads some DMI fields.
    /// </summary>
    public static BoardProfile Select(IReadOnlyDictionary<string, string> dmi, IEnumerable<BoardProfile>? profiles = null)
    {
        var candidates = (profiles ?? All).ToList();
        foreach (var p in candidates)
        {
            if (p.Match.Count == 0)
                continue;
            if (p.Match.All(kv => dmi.TryGetValue(kv.Key, out var v) && Glob.IsMatch(kv.Value, v.Trim(), GlobFlags.CaseFold)))
                return p;
        }
        return candidates.FirstOrDefault(p => p.Match.Count == 0) ?? Generic;
    }

    /// <summary>
    /// The DMI fields named by any profile, read from a sysfs directory (default
    /// /sys/class/dmi/id) with <paramref name="readAttribute"/> (trimmed text, or null when absent).
    /// The reader is the caller's: this library does no I/O of its own.
    /// </summary>
    public static Dictionary<string, string> ReadDmi(Func<string, string?> readAttribute, string dir = "/sys/class/dmi/id")
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in All.SelectMany(p => p.Match.Keys).Distinct())
        {
            if (readAttribute(dir + "/" + field) is string v)
                d[field] = v;
        }
        return d;
    }
}
