using LinuxBootSharp.BootConfig;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.Boot.Discovery;

/// <summary>One scanned disk: its volumes, or why it was skipped.</summary>
public sealed class DiscoveredDisk
{
    public required string Name { get; init; }
    public int Index { get; init; }
    public DiskScanResult? Scan { get; init; }

    /// <summary>Why this disk contributed nothing (open failed, no answer before the deadline, ...).</summary>
    public string? Problem { get; init; }
    public TimeSpan Elapsed { get; init; }
    public bool TimedOut { get; init; }

    /// <summary>File systems found, each wrapped for safe concurrent use.</summary>
    public List<IFileTree> Trees { get; } = [];
}

/// <summary>Everything discovery found, in menu order: disk order, then loader and partition order, then
/// config order (see <see cref="EntryRanking"/>); the default is marked where its config lists it.</summary>
public sealed class DiscoveryResult
{
    public List<DiscoveredDisk> Disks { get; } = [];

    /// <summary>Time until every disk was scanned or skipped (phase 1); the rest of <see cref="Elapsed"/> is reading configs.</summary>
    public TimeSpan ScanElapsed { get; set; }

    public List<BootEntry> Entries { get; } = [];

    private readonly Dictionary<BootEntry, ConfigParseResult> _parseOf = new(ReferenceEqualityComparer.Instance);

    /// <summary>Appends <paramref name="entry"/>, listed by the config parse <paramref name="from"/> (one per
    /// file system and parser).</summary>
    public void Add(BootEntry entry, ConfigParseResult from)
    {
        Entries.Add(entry);
        _parseOf[entry] = from;
    }

    /// <summary>
    /// The parse that listed <paramref name="entry"/> (its config's menu facts: superusers, ...); null when
    /// it was added to <see cref="Entries"/> directly. Two entries came from the same config exactly when
    /// this is the same object: submenus of different configs never merge in the menu.
    /// </summary>
    public ConfigParseResult? ParseOf(BootEntry entry) => _parseOf.TryGetValue(entry, out var r) ? r : null;

    /// <summary>Problems of disks, file systems and configs, each naming device/file and line.</summary>
    public List<Diagnostic> Diagnostics { get; } = [];

    /// <summary>Menu timeout from the config that supplied the default entry; null when none said.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>
    /// How the menu waits for <see cref="Timeout"/>: the default entry's config's own style (GRUB
    /// timeout_style); <see cref="MenuTimeoutStyle.Menu"/> when there is no default or its config says nothing.
    /// </summary>
    public MenuTimeoutStyle TimeoutStyle { get; set; } = MenuTimeoutStyle.Menu;

    /// <summary>The default entry's config's GRUB <c>superusers</c>; null when it sets none (lbs asks no password either way).</summary>
    public IReadOnlyList<string>? Superusers { get; set; }

    /// <summary>The default is a one-shot choice (GRUB <c>next_entry</c>) that GRUB would clear; lbs never writes, so it stays.</summary>
    public bool DefaultIsOneShot { get; set; }

    /// <summary>Takes the menu facts of the config that supplied the default entry.</summary>
    public void UseDefaultConfig(ConfigParseResult from)
    {
        Timeout = from.Timeout;
        TimeoutStyle = from.TimeoutStyle;
        Superusers = from.Superusers;
        DefaultIsOneShot = from.DefaultIsOneShot;
    }

    public BootEntry? Default => Entries.FirstOrDefault(e => e.IsDefault);

    public TimeSpan Elapsed { get; set; }
}
