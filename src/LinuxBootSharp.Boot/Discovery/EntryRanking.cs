using LinuxBootSharp.BootConfig;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.Boot.Discovery;

/// <summary>
/// Orders discovered entries as the configs list them: disks in disk order, each disk one block;
/// within a disk the boot loader order (GRUB, BLS, UKI, syslinux — a disk with a GRUB installation
/// boots GRUB, whose config usually sits on /boot after the ESP), then partition order, then the
/// order within the config, submenu entries where the config puts them. The default is not moved:
/// it is the first entry any config marks as its default in that same order, so the machine's
/// first disk decides, as firmware booting that disk would, and the menu's cursor starts on it.
/// No entry a config defines is dropped (GRUB lists an entry and its twin in "Advanced options"
/// both; so do we). The only merge: one BLS entry file (same file system and path) that GRUB's
/// <c>blscfg</c> listed and the plain BLS reader listed again appears once, as GRUB's entry — in
/// GRUB's place, with GRUB's command line ($kernelopts expanded). Entries whose kernel is missing
/// stay, not bootable.
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
            // Entries read from ISO images lying on the disk follow the disk's own entries.
            ordered.AddRange(onDisk.OrderBy(x => x.Entry.IsoFile is null ? 0 : 1).ThenBy(x => LoaderRank(x.Entry.Source)));
        }

        // BLS entry files GRUB's blscfg already listed (its entries name the .conf as their file).
        var byGrub = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (e, _) in ordered)
            if (e.Source == "grub")
                byGrub.Add(e.SourceFile);
        var kept = new List<(BootEntry Entry, ConfigParseResult From)>();
        foreach (var k in ordered)
        {
            if (k.Entry.Source == "bls" && byGrub.Contains(k.Entry.SourceFile))
                continue;
            CheckFiles(k.Entry);
            kept.Add(k);
        }

        int def = kept.FindIndex(k => k.Entry.IsDefault && k.Entry.IsBootable);
        if (def < 0)
            def = kept.FindIndex(k => k.Entry.IsDefault);
        foreach (var (e, _) in kept)
            e.IsDefault = false;
        if (def >= 0)
        {
            kept[def].Entry.IsDefault = true;
            result.UseDefaultConfig(kept[def].From);
        }
        else
        {
            result.Timeout = kept.Select(k => k.From.Timeout).FirstOrDefault(t => t is not null);
        }
        foreach (var (e, from) in kept)
            result.Add(e, from);
    }

    private static int LoaderRank(string source) => source switch
    {
        "grub" => 0,
        "bls" => 1,
        "uki" => 2,
        "syslinux" => 3,
        _ => 4,
    };

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
