namespace LinuxBootSharp.Initramfs;

/// <summary>
/// Collects initramfs members and writes them deterministically: parent directories are
/// implied, members are sorted by path (so a directory precedes its contents), every mtime is
/// the same fixed value (SOURCE_DATE_EPOCH when set), owners are root.
/// </summary>
public sealed class InitramfsBuilder
{
    private readonly SortedDictionary<string, CpioEntry> _entries = new(StringComparer.Ordinal);

    /// <summary>Where the module load order is written inside the image; lbs reads it at init.</summary>
    public const string ModuleListPath = "lib/modules/lbs.load";

    public IReadOnlyCollection<CpioEntry> Entries => _entries.Values;

    public InitramfsBuilder Add(CpioEntry e)
    {
        AddParents(e.Path);
        _entries[e.Path] = e;
        return this;
    }

    /// <summary>/init, /dev/console and /dev/urandom (needed before devtmpfs is mounted: .NET's first
    /// random read fails without /dev/urandom), and the mount points PID 1 uses.</summary>
    public InitramfsBuilder AddBase(byte[] lbs)
    {
        Add(CpioEntry.Executable("init", lbs));
        Add(CpioEntry.CharDevice("dev/console", 5, 1));
        Add(CpioEntry.CharDevice("dev/urandom", 1, 9, 0x1B6));
        foreach (var d in new[] { "proc", "sys", "run", "tmp", "mnt", "etc" })
            Add(CpioEntry.Directory(d));
        return this;
    }

    /// <summary>Adds the modules (already in load order) under lib/modules/VERSION/... and the load list.</summary>
    public InitramfsBuilder AddModules(string modulesDir, IReadOnlyList<string> files)
    {
        var version = Path.GetFileName(Path.GetFullPath(modulesDir).TrimEnd('/'));
        var list = new List<string>();
        foreach (var f in files)
        {
            var rel = Path.GetRelativePath(modulesDir, f).Replace('\\', '/');
            var inImage = $"lib/modules/{version}/{rel}";
            Add(CpioEntry.File(inImage, File.ReadAllBytes(f)));
            list.Add("/" + inImage);
        }
        Add(CpioEntry.File(ModuleListPath, System.Text.Encoding.UTF8.GetBytes(string.Join('\n', list) + (list.Count > 0 ? "\n" : ""))));
        return this;
    }

    private void AddParents(string path)
    {
        var parts = path.Split('/');
        for (int i = 1; i < parts.Length; i++)
        {
            var dir = string.Join('/', parts[..i]);
            if (!_entries.ContainsKey(dir))
                _entries[dir] = CpioEntry.Directory(dir);
        }
    }

    /// <summary>SOURCE_DATE_EPOCH (reproducible-builds.org) or 0.</summary>
    public static uint DefaultMtime()
    {
        var s = Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH");
        return s is not null && uint.TryParse(s, out var v) ? v : 0;
    }

    public void WriteTo(Stream output, uint? mtime = null)
    {
        var w = new CpioWriter(output, mtime ?? DefaultMtime());
        foreach (var e in _entries.Values)
            w.Write(e);
        w.Finish();
    }

    public byte[] ToArray(uint? mtime = null)
    {
        var ms = new MemoryStream();
        WriteTo(ms, mtime);
        return ms.ToArray();
    }
}
