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

/// <summary>Everything discovery found, ranked: the default entry first, then disk order, then config order.</summary>
public sealed class DiscoveryResult
{
    public List<DiscoveredDisk> Disks { get; } = [];

    /// <summary>Time until every disk was scanned or skipped (phase 1); the rest of <see cref="Elapsed"/> is reading configs.</summary>
    public TimeSpan ScanElapsed { get; set; }

    public List<BootEntry> Entries { get; } = [];

    /// <summary>Problems of disks, file systems and configs, each naming device/file and line.</summary>
    public List<Diagnostic> Diagnostics { get; } = [];

    /// <summary>Menu timeout from the config that supplied the default entry; null when none said.</summary>
    public TimeSpan? Timeout { get; set; }

    public BootEntry? Default => Entries.FirstOrDefault(e => e.IsDefault);

    public TimeSpan Elapsed { get; set; }
}
