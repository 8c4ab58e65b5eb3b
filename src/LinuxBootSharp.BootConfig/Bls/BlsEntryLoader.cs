using LinuxBootSharp.Storage;

namespace LinuxBootSharp.BootConfig.Bls;

/// <summary>
/// Loads every Type #1 entry in one entries directory ("Locating Boot Entries": read all
/// <c>*.conf</c> files) and orders them as the "Sorting" section says. Used by
/// <c>BlsParser</c> and by GRUB's <c>blscfg</c> command.
/// </summary>
public static class BlsEntryLoader
{
    /// <summary>A directory with more entries than this is not a real entries directory.</summary>
    public const int MaxEntries = 1024;

    /// <summary>
    /// Entries of <c>*.conf</c> in <paramref name="directory"/>, sorted best first. A missing
    /// directory gives an empty list; unreadable files and entries that name neither
    /// <c>linux</c>, <c>efi</c> nor <c>uki</c> are left out with a diagnostic.
    /// </summary>
    public static List<BlsEntry> Load(IFileTree tree, string directory, List<Diagnostic> diagnostics)
    {
        var result = new List<BlsEntry>();
        var dir = FileTree.Normalize(directory);
        IReadOnlyList<DirectoryEntry> names;
        try
        {
            if (!tree.DirectoryExists(dir))
                return result;
            names = tree.ListDirectory(dir);
        }
        catch (StorageException e)
        {
            diagnostics.Add(new Diagnostic(Severity.Warning, $"cannot list boot entries: {e.Message}", $"{tree.Identity.Device}:{dir}"));
            return result;
        }

        foreach (var d in names)
        {
            // systemd-boot skips hidden files; the suffix test is case-insensitive because the
            // ESP is usually FAT, where names may read back in upper case.
            if (d.Name.StartsWith('.') || !d.Name.EndsWith(".conf", StringComparison.OrdinalIgnoreCase) || d.Kind == FileKind.Directory)
                continue;
            if (result.Count >= MaxEntries)
            {
                diagnostics.Add(new Diagnostic(Severity.Warning, $"more than {MaxEntries} entries, the rest are ignored", $"{tree.Identity.Device}:{dir}"));
                break;
            }
            var path = FileTree.Combine(dir, d.Name);
            var entry = BlsEntryFile.Load(tree, path, diagnostics);
            if (entry is null)
                continue;
            // "Each boot loader menu entry drop-in snippet must include at least a linux or an efi key"
            // (uki counts as both).
            if (entry.Linux is null && entry.Efi is null && entry.Uki is null)
            {
                diagnostics.Add(new Diagnostic(Severity.Warning, "entry has neither 'linux' nor 'efi': skipped", $"{tree.Identity.Device}:{path}"));
                continue;
            }
            result.Add(entry);
        }

        result.Sort(BlsEntryOrder.Instance);
        return result;
    }
}
