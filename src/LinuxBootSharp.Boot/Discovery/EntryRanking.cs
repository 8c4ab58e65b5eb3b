using LinuxBootSharp.BootConfig;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.Boot.Discovery;

/// <summary>
/// Orders discovered entries: the default entry first, then disk order, then partition order,
/// then parser order (GRUB, BLS, UKI, syslinux), then the order within the config. The default
/// is the first entry any config marks as its default in that same order, so the machine's
/// first disk decides, as firmware booting that disk would. An entry that repeats one already
/// listed (same kernel file, initrds and command line, e.g. a BLS entry that GRUB's `blscfg`
/// already showed) is dropped. Entries whose kernel file is missing stay listed, not bootable.
/// </summary>
public static class EntryRanking
{
    public static void Rank(DiscoveryResult result, IReadOnlyList<List<(ConfigParseResult Result, IFileTree Tree)>> perDisk)
    {
        var ordered = new List<(BootEntry Entry, ConfigParseResult From)>();
        foreach (var disk in perDisk)
        {
            foreach (var (r, _) in disk)
            {
                result.Diagnostics.AddRange(r.Diagnostics);
                foreach (var e in r.Entries)
                    ordered.Add((e, r));
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var kept = new List<(BootEntry Entry, ConfigParseResult From)>();
        foreach (var (e, from) in ordered)
        {
            if (e.Kernel is not null && !seen.Add(Fingerprint(e)))
                continue;
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

    private static string Fingerprint(BootEntry e) =>
        string.Join('\n', new[] { e.Kernel!.Display, e.Cmdline.Trim() }.Concat(e.Initrds.Select(i => i.Display)));

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
