using LinuxBootSharp.Storage;

namespace LinuxBootSharp.BootConfig.Bls;

/// <summary>
/// Parses one Type #1 entry file. Format (BLS "Type #1 Boot Loader Specification Entries"):
/// UTF-8 lines; "#" starts a comment line; the first word is the key, separated from the
/// value by whitespace; the rest of the line is the value.
/// </summary>
public static class BlsEntryFile
{
    /// <summary>Entry files are a few hundred bytes; anything beyond 64 KiB is not an entry.</summary>
    public const long MaxEntryBytes = 64 * 1024;

    /// <summary>Each list key (initrd, options, ...) keeps at most this many values.</summary>
    public const int MaxValuesPerKey = 256;

    /// <summary>Reads and parses <paramref name="path"/>; null (with a diagnostic) when unreadable.</summary>
    public static BlsEntry? Load(IFileTree tree, string path, List<Diagnostic> diagnostics)
    {
        string display = $"{tree.Identity.Device}:{path}";
        string text;
        try
        {
            text = tree.ReadAllText(path, MaxEntryBytes);
        }
        catch (StorageException e)
        {
            diagnostics.Add(new Diagnostic(Severity.Warning, $"cannot read boot entry: {e.Message}", display));
            return null;
        }
        catch (IOException e)
        {
            diagnostics.Add(new Diagnostic(Severity.Warning, $"cannot read boot entry: {e.Message}", display));
            return null;
        }
        return Parse(text, path, display, diagnostics);
    }

    /// <summary>Parses entry text; <paramref name="path"/> gives the id and boot counter.</summary>
    public static BlsEntry Parse(string text, string path, string display, List<Diagnostic> diagnostics)
    {
        var name = path[(path.LastIndexOf('/') + 1)..];
        var (id, left, done) = BootCounter.Split(StripSuffix(name, ".conf"));
        var e = new BlsEntry { FileName = id, Path = path, TriesLeft = left, TriesDone = done };

        foreach (var (lineNo, key, value) in BlsKeyValueLines.Read(text))
        {
            if (value.Length == 0)
            {
                diagnostics.Add(new Diagnostic(Severity.Warning, $"key '{key}' has no value, ignored", display, lineNo));
                continue;
            }
            if (!Apply(e, key, value, lineNo, display, diagnostics))
                continue;
            e.Lines[key] = e.Lines.TryGetValue(key, out var first) && !IsList(key) ? first : lineNo;
        }
        return e;
    }

    private static bool IsList(string key) => key is "initrd" or "options" or "devicetree-overlay" or "extra";

    private static bool Apply(BlsEntry e, string key, string value, int line, string display, List<Diagnostic> diagnostics)
    {
        List<string>? list = key switch
        {
            "initrd" => e.Initrds,
            "options" => e.Options,
            "extra" => e.Extras,
            "devicetree-overlay" => e.DevicetreeOverlays,
            _ => null,
        };
        if (list is not null)
        {
            if (list.Count >= MaxValuesPerKey)
            {
                diagnostics.Add(new Diagnostic(Severity.Warning, $"more than {MaxValuesPerKey} '{key}' values, rest ignored", display, line));
                return false;
            }
            // devicetree-overlay: "Multiple overlays are separated by spaces".
            if (key == "devicetree-overlay")
                list.AddRange(value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
            else
                list.Add(value);
            return true;
        }

        switch (key)
        {
            case "title": return Single(e.Title, v => e.Title = v);
            case "version": return Single(e.Version, v => e.Version = v);
            case "machine-id": return Single(e.MachineId, v => e.MachineId = v);
            case "sort-key": return Single(e.SortKey, v => e.SortKey = v);
            case "linux": return Single(e.Linux, v => e.Linux = v);
            case "devicetree": return Single(e.Devicetree, v => e.Devicetree = v);
            case "architecture": return Single(e.Architecture, v => e.Architecture = v);
            case "efi": return Single(e.Efi, v => e.Efi = v);
            case "uki": return Single(e.Uki, v => e.Uki = v);
            default:
                // Unknown keys (uki-url, profile, GRUB's grub_users/grub_arg/grub_class, ...) are
                // allowed by the specification; keep going, but say so.
                diagnostics.Add(new Diagnostic(Severity.Info, $"key '{key}' not used", display, line));
                return false;
        }

        // A repeated single-valued key: the last one wins (systemd-boot overwrites), but it is suspicious.
        bool Single(string? old, Action<string> set)
        {
            if (old is not null)
                diagnostics.Add(new Diagnostic(Severity.Warning, $"'{key}' given more than once; the last value is used", display, line));
            set(value);
            return true;
        }
    }

    internal static string StripSuffix(string name, string suffix) =>
        name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) ? name[..^suffix.Length] : name;
}
