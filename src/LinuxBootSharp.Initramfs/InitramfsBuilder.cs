namespace LinuxBootSharp.Initramfs;

/// <summary>
/// Collects initramfs members and writes them deterministically: parent directories not given
/// are implied (0755, root), members are sorted by path (so a directory precedes its contents), every mtime is
/// the same fixed value (SOURCE_DATE_EPOCH when set), owners as the layout gives them.
/// </summary>
public sealed class InitramfsBuilder
{
    private readonly SortedDictionary<string, CpioEntry> _entries = new(StringComparer.Ordinal);

    public IReadOnlyCollection<CpioEntry> Entries => _entries.Values;

    public InitramfsBuilder Add(CpioEntry e)
    {
        AddParents(e.Path);
        _entries[e.Path] = e;
        return this;
    }

    /// <summary>
    /// Adds every member the layout describes, filling its placeholders from <paramref name="inputs"/>.
    /// The layout says where everything goes; this method knows only the member kinds and the
    /// placeholders' meaning (<see cref="Placeholders"/>).
    /// </summary>
    /// <returns>The in-image paths of the modules added, in load order (empty without modules).</returns>
    public IReadOnlyList<string> AddLayout(InitramfsLayout layout, LayoutInputs inputs)
    {
        var modulePaths = new List<string>();
        if (inputs.Modules is { } mods)
        {
            var at = layout.Find(Placeholders.Modules)
                ?? throw new InvalidDataException($"{layout.Root}: the image carries modules but no member takes {Placeholders.Modules}");
            if (layout.Find(Placeholders.ModuleLoadList) is null)
                throw new InvalidDataException($"{layout.Root}: the image carries modules but no member takes {Placeholders.ModuleLoadList}, so lbs would load none");
            var version = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(mods.ModulesDir)));
            foreach (var f in mods.Files)
            {
                var rel = Path.GetRelativePath(mods.ModulesDir, f).Replace('\\', '/');
                var inImage = $"{at.Path}/{version}/{rel}";
                Add(new CpioEntry(inImage, CpioEntryKind.File, at.Mode, File.ReadAllBytes(f), Uid: at.Uid, Gid: at.Gid));
                modulePaths.Add("/" + inImage);
            }
        }
        foreach (var i in layout.Items)
        {
            var entry = i.Kind switch
            {
                LayoutKind.Directory => new CpioEntry(i.Path, CpioEntryKind.Directory, i.Mode, []),
                LayoutKind.Node => new CpioEntry(i.Path, i.DeviceType == 'b' ? CpioEntryKind.BlockDevice : CpioEntryKind.CharDevice, i.Mode, [], i.Major, i.Minor),
                LayoutKind.Symlink => new CpioEntry(i.Path, CpioEntryKind.Symlink, i.Mode, System.Text.Encoding.UTF8.GetBytes(i.Target!)),
                LayoutKind.Pipe => new CpioEntry(i.Path, CpioEntryKind.Fifo, i.Mode, []),
                LayoutKind.Socket => new CpioEntry(i.Path, CpioEntryKind.Socket, i.Mode, []),
                LayoutKind.File when !i.IsPlaceholder => new CpioEntry(i.Path, CpioEntryKind.File, i.Mode, File.ReadAllBytes(i.Location!)),
                LayoutKind.File when i.Location == Placeholders.Lbs => new CpioEntry(i.Path, CpioEntryKind.File, i.Mode, inputs.Lbs),
                LayoutKind.File when i.Location == Placeholders.ModuleLoadList && inputs.Modules is not null =>
                    new CpioEntry(i.Path, CpioEntryKind.File, i.Mode, System.Text.Encoding.UTF8.GetBytes(string.Concat(modulePaths.Select(p => p + "\n")))),
                _ => null, // a module placeholder in an image without modules (the userland-only image of the size report)
            };
            if (entry is not null)
                Add(entry with { Uid = i.Uid, Gid = i.Gid });
            if (i.Location == Placeholders.Modules && i.IsPlaceholder)
                AddParents(i.Path + "/"); // the module folder exists even when the board loads no module
        }
        return modulePaths;
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

/// <summary>What the builder supplies for the layout's placeholders.</summary>
/// <param name="Lbs">The lbs binary, for <see cref="Placeholders.Lbs"/>.</param>
/// <param name="Modules">The modules for <see cref="Placeholders.Modules"/> and <see cref="Placeholders.ModuleLoadList"/>;
/// null for an image without modules (both placeholders then add nothing).</param>
public sealed record LayoutInputs(byte[] Lbs, ModuleSet? Modules);

/// <summary>Module files (in load order) under <see cref="ModulesDir"/> (lib/modules/VERSION of an unpacked kernel).</summary>
public sealed record ModuleSet(string ModulesDir, IReadOnlyList<string> Files);
