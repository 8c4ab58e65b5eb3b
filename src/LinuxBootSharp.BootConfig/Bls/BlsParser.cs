using LinuxBootSharp.BootConfig.Uki;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.BootConfig.Bls;

/// <summary>
/// Boot Loader Specification Type #1 entries on one file system: <c>/loader/entries</c> (the
/// root of an ESP or XBOOTLDR partition) and <c>/boot/loader/entries</c> (a root file system
/// with /boot as a directory), with systemd-boot's <c>loader.conf</c> next to them.
/// </summary>
public sealed class BlsParser : IBootConfigParser
{
    /// <param name="architecture">EFI name of this machine's architecture ("x64"); entries
    /// for another architecture are hidden ("architecture" key).</param>
    public BlsParser(string? architecture = null) => Architecture = architecture ?? EfiArchitecture.Current;

    public string Name => "bls";

    public string Architecture { get; }

    /// <summary>Where entries live, each with the prefix that entry paths are relative to.</summary>
    private static readonly (string Entries, string LoaderConf, string Root)[] Locations =
    [
        ("/loader/entries", "/loader/loader.conf", "/"),
        ("/boot/loader/entries", "/boot/loader/loader.conf", "/boot"),
    ];

    public ConfigParseResult Parse(IFileTree tree, IReadOnlyList<IFileTree> volumes)
    {
        var result = new ConfigParseResult();
        var all = new List<(BlsEntry Entry, string Root)>();
        LoaderConf? conf = null;
        foreach (var (dir, confPath, root) in Locations)
        {
            var entries = BlsEntryLoader.Load(tree, dir, result.Diagnostics);
            var c = LoaderConf.Load(tree, confPath, result.Diagnostics);
            if (c is not null)
            {
                conf ??= c;
                result.ConfigFiles.Add($"{tree.Identity.Device}:{confPath}");
            }
            foreach (var e in entries)
                all.Add((e, root));
        }
        if (all.Count == 0)
            return result;

        // Read only when an entry uses a variable: most trees have no grubenv and need none.
        var grubVars = new BlsGrubVariables(tree, volumes, result.Diagnostics);
        // Both directories present on one tree: one merged list, in the specification's order.
        all.Sort((a, b) => BlsEntryOrder.Instance.Compare(a.Entry, b.Entry));
        foreach (var (e, root) in all)
        {
            result.ConfigFiles.Add($"{tree.Identity.Device}:{e.Path}");
            if (e.Architecture is string arch && !EfiArchitecture.Matches(arch, Architecture))
            {
                // "If specified and it does not match the local system architecture this entry should be hidden."
                result.Diagnostics.Add(new Diagnostic(Severity.Info,
                    $"entry for architecture '{arch}' hidden on {Architecture}", $"{tree.Identity.Device}:{e.Path}", e.LineOf("architecture")));
                continue;
            }
            result.Entries.Add(ToBootEntry(tree, e, root, grubVars));
        }

        MakeTitlesUnique(result.Entries);
        result.Timeout = conf?.Timeout;
        // loader.conf "editor no" holds for every entry this loader lists (systemd-boot's
        // config->editor is one switch for the whole menu).
        if (conf?.EditorDenial is EditDenial denial)
            foreach (var b in result.Entries)
                b.EditDenied = denial;
        MarkDefault(result, conf);
        return result;
    }

    private static BootEntry ToBootEntry(IFileTree tree, BlsEntry e, string root, BlsGrubVariables grubVars)
    {
        var file = $"{tree.Identity.Device}:{e.Path}";
        var b = new BootEntry
        {
            Title = e.Title ?? e.FileName,
            Id = e.FileName,
            Source = "bls",
            SourceFile = file,
            SourceLine = e.Lines.TryGetValue("title", out var tl) ? tl : e.LineOf("linux"),
            Version = e.Version,
            Cmdline = e.JoinedOptions,
        };
        Put(b, "machine-id", e.MachineId);
        Put(b, "sort-key", e.SortKey);
        Put(b, "architecture", e.Architecture);
        if (e.TriesLeft is int left)
            b.Counting = new BootCounting(left, e.TriesDone ?? 0);
        if (e.Extras.Count > 0)
            b.Properties["extra"] = string.Join(' ', e.Extras);

        var (linuxPath, initrds) = (e.Linux, (IReadOnlyList<string>)e.Initrds);
        if (e.JoinedOptions.Contains('$') || e.Linux?.Contains('$') == true || e.Initrds.Any(i => i.Contains('$')))
            (linuxPath, initrds) = BlsVariableExpansion.Apply(tree, e, b, grubVars);
        if (linuxPath is string linux)
            b.Kernel = Resolve(tree, root, linux, "linux", e, b);
        foreach (var i in initrds)
            if (Resolve(tree, root, i, "initrd", e, b) is FileRef r)
                b.Initrds.Add(r);
        if (e.Devicetree is string dt)
            b.DeviceTree = Resolve(tree, root, dt, "devicetree", e, b);
        foreach (var o in e.DevicetreeOverlays)
            if (Resolve(tree, root, o, "devicetree-overlay", e, b) is FileRef r)
                b.DeviceTreeOverlays.Add(r);

        if (e.Uki is string uki && e.Linux is null)
            FromUki(tree, root, uki, e, b);
        else if (e.Efi is string efi && e.Linux is null)
        {
            // "efi refers to an arbitrary EFI program": kexec cannot run EFI applications.
            b.Properties["efi"] = efi;
            b.NotBootableReason = $"EFI program {efi} cannot be started by kexec";
        }
        if (b.Kernel is null && b.NotBootableReason is null)
            b.NotBootableReason = "no kernel";
        return b;
    }

    /// <summary>
    /// The <c>uki</c> key: "Type #2 semantics" for a UKI named by a Type #1 entry. The entry's
    /// options, when given, replace the image's .cmdline, as systemd-boot passes them as load options.
    /// </summary>
    private static void FromUki(IFileTree tree, string root, string path, BlsEntry e, BootEntry b)
    {
        var r = Resolve(tree, root, path, "uki", e, b);
        if (r is null)
            return;
        var image = UkiImage.Load(tree, r.Path, b.Diagnostics);
        if (image?.Linux is not PeSection linux)
        {
            b.NotBootableReason = $"{path} is not a unified kernel image";
            return;
        }
        b.Kernel = new FileRef(tree, r.Path, linux.FileOffset, linux.Length);
        foreach (var s in new[] { image.Ucode, image.Initrd })
            if (s is not null)
                b.Initrds.Add(new FileRef(tree, r.Path, s.FileOffset, s.Length));
        if (e.Options.Count == 0 && image.Cmdline is string c)
            b.Cmdline = c.Trim();
        b.Version ??= image.Version;
        if (e.Title is null && image.Title is string t)
            b.Title = t;
    }

    /// <summary>
    /// Paths are "relative to the root of the file system containing the boot entry snippet"
    /// (a leading "/" is optional). For entries under /boot/loader/entries on a root file system,
    /// that file system is /boot, so the path is tried under /boot as well.
    /// </summary>
    private static FileRef? Resolve(IFileTree tree, string root, string value, string key, BlsEntry e, BootEntry b)
    {
        var p = FileTree.Normalize(value);
        string? found = null;
        try
        {
            if (tree.FileExists(p))
                found = p;
            else if (root != "/" && tree.FileExists(FileTree.Combine(root, "." + p)))
                found = FileTree.Combine(root, "." + p);
        }
        catch (StorageException ex)
        {
            b.Diagnostics.Add(new Diagnostic(Severity.Warning, $"{key} {value}: {ex.Message}", b.SourceFile, e.LineOf(key)));
            return new FileRef(tree, p);
        }
        if (found is null)
            b.Diagnostics.Add(new Diagnostic(Severity.Warning, $"{key} {value}: file not found", b.SourceFile, e.LineOf(key)));
        return new FileRef(tree, found ?? p);
    }

    private static void Put(BootEntry b, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
            b.Properties[key] = value;
    }

    /// <summary>
    /// "If a boot loader discovers two entries with the same title it should show more than just
    /// the raw title in the UI, for example by appending the version field." As systemd-boot:
    /// first the version, then the machine id, then the entry id, until titles are unique.
    /// </summary>
    internal static void MakeTitlesUnique(List<BootEntry> entries)
    {
        string? Field(BootEntry b, string what) => what switch
        {
            "version" => b.Version,
            "machine-id" => b.Properties.TryGetValue("machine-id", out var m) ? m[..Math.Min(8, m.Length)] : null,
            _ => b.Id,
        };
        foreach (var what in new[] { "version", "machine-id", "id" })
        {
            var dup = entries.GroupBy(b => b.Title, StringComparer.Ordinal).Where(g => g.Count() > 1).SelectMany(g => g).ToList();
            if (dup.Count == 0)
                return;
            foreach (var b in dup)
                if (Field(b, what) is { Length: > 0 } f)
                    b.Title = $"{b.Title} ({f})";
        }
    }

    /// <summary>
    /// loader.conf <c>default</c>: a glob over entry ids (systemd-boot matches the id with its
    /// ".conf" suffix; the bare id is accepted too); the first matching entry in menu order wins.
    /// Without a pattern systemd-boot boots the first entry of the sorted list.
    /// </summary>
    private static void MarkDefault(ConfigParseResult result, LoaderConf? conf)
    {
        if (result.Entries.Count == 0)
            return;
        if (conf?.Default is string glob)
        {
            var hit = result.Entries.FirstOrDefault(b => b.Id is string id && (Glob.IsMatch(glob, id + ".conf") || Glob.IsMatch(glob, id)));
            if (hit is not null)
            {
                hit.IsDefault = true;
                return;
            }
            result.Diagnostics.Add(new Diagnostic(Severity.Info, $"loader.conf default '{glob}' matches no entry here"));
            return;
        }
        result.Entries[0].IsDefault = true;
    }
}
