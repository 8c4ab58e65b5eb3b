using LinuxBootSharp.BootConfig;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.Boot.Discovery;

/// <summary>
/// Orders discovered entries: the default entry first, then disk order, then within a disk the
/// boot loader order (GRUB, BLS, UKI, syslinux — a disk with a GRUB installation boots GRUB,
/// whose config usually sits on /boot after the ESP), then partition order, then the order
/// within the config. The default is the first entry any config marks as its default in that
/// same order, so the machine's first disk decides, as firmware booting that disk would.
/// Duplicates are dropped: the same kernel and initrds listed by another loader's config (a
/// BLS entry that GRUB's `blscfg` already showed, with $kernelopts expanded), or by the same
/// config with the same command line. Entries whose kernel is missing stay, not bootable.
/// </summary>
public static class EntryRanking
{
    public static void Rank(DiscoveryResult result, IReadOnlyList<List<(ConfigParseResult Result, IFileTree Tree)>> perDisk)
    {
        var ordered = new List<(BootEntry Entry, ConfigParseResult From)>();
        foreach (var disk in perDisk)
        {
            var onDisk = new List<(BootEntry Entry, ConfigParseResult From)>();
            foreach (var (r, _) in disk)
            {
                result.Diagnostics.AddRange(r.Diagnostics);
                foreach (var e in r.Entries)
                    onDisk.Add((e, r));
            }
            // Stable: partition and config order are kept within each loader.
            ordered.AddRange(onDisk.OrderBy(x => LoaderRank(x.Entry.Source)));
        }

        var seenFiles = new Dictionary<string, string>(StringComparer.Ordinal);
        var seenFull = new HashSet<string>(StringComparer.Ordinal);
        var kept = new List<(BootEntry Entry, ConfigParseResult From)>();
        foreach (var (e, from) in ordered)
        {
            if (e.Kernel is not null)
            {
                var files = Files(e);
                if (seenFiles.TryGetValue(files, out var source) && source != e.Source)
                    continue;
                if (!seenFull.Add(files + "\n" + e.Cmdline.Trim()))
                    continue;
                seenFiles.TryAdd(files, e.Source);
            }
            CheckFiles(e);
            kept.Add((e, from));
        }

        int def = kept.FindIndex(k => k.Entry.IsDefault && k.Entry.IsBootable);
        if (def < 0)
            def = kept.FindIndex(k => k.Entry.IsDefault);
        foreach (var (e, _) in kept)
            e.IsDefault = false;
        if (def >= 0)
        {
            var d = kept[def];
            d.Entry.IsDefault = true;
            result.Timeout = d.From.Timeout;
            kept.RemoveAt(def);
            kept.Insert(0, d);
        }
        else
        {
            result.Timeout = kept.Select(k => k.From.Timeout).FirstOrDefault(t => t is not null);
        }
        result.Entries.AddRange(kept.Select(k => k.Entry));
    }

    private static int LoaderRank(string source) => source switch
    {
        "grub" => 0,
        "bls" => 1,
        "uki" => 2,
        "syslinux" => 3,
        _ => 4,
    };

    /// <summary>Kernel and initrds by device and path, ignoring "/boot" prefixes that differ only by mount point.</summary>
    private static string Files(BootEntry e) =>
        string.Join('\n', new[] { e.Kernel!.Display }.Concat(e.Initrds.Select(i => i.Display)));

    /// <summary>A listed entry whose kernel (or an initrd) is missing is shown disabled with the reason.</summary>
    private static void CheckFiles(BootEntry e)
    {
        if (e.NotBootableReason is not null)
            return;
        if (e.Kernel is null)
        {
            e.NotBootableReason = "no kernel given";
            return;
        }
        try
        {
            if (!e.Kernel.Exists() && e.Kernel.Length is null)
            {
                e.NotBootableReason = $"kernel {e.Kernel.Display} not found";
                return;
            }
            foreach (var i in e.Initrds)
            {
                if (!i.Exists() && i.Length is null)
                {
                    e.NotBootableReason = $"initrd {i.Display} not found";
                    return;
                }
            }
        }
        catch (StorageException ex)
        {
            e.NotBootableReason = $"kernel {e.Kernel.Display} unreadable: {ex.Message}";
        }
    }
}
