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

    private readonly Dictionary<BootEntry, int> _configOf = new(ReferenceEqualityComparer.Instance);

    /// <summary>Appends <paramref name="entry"/>, listed by the <paramref name="config"/>-th config parse
    /// (one per file system and parser, in scan order).</summary>
    public void Add(BootEntry entry, int config)
    {
        Entries.Add(entry);
        _configOf[entry] = config;
    }

    /// <summary>Which config parse listed <paramref name="entry"/> (see <see cref="Add"/>); -1 when added
    /// to <see cref="Entries"/> directly. Submenus of different configs never merge in the menu.</summary>
    public int ConfigOf(BootEntry entry) => _configOf.TryGetValue(entry, out var c) ? c : -1;

    /// <summary>Problems of disks, file systems and configs, each naming device/file and line.</summary>
    public List<Diagnostic> Diagnostics { get; } = [];

    /// <summary>Menu timeout from the config that supplied the default entry; null when none said.</summary>
    public TimeSpan? Timeout { get; set; }

    public BootEntry? Default => Entries.FirstOrDefault(e => e.IsDefault);

    public TimeSpan Elapsed { get; set; }
}
