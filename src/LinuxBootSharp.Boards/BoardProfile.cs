using System.Text.Json.Serialization;

namespace LinuxBootSharp.Boards;

/// <summary>A hardware profile: how to recognise a board and what it needs to boot. Schema: boards/README.md.</summary>
public sealed class BoardProfile
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("description")]
    public string Description { get; init; } = "";

    /// <summary>DMI fields (file names under /sys/class/dmi/id) and glob patterns; all must match. Empty = matches anything (generic).</summary>
    [JsonPropertyName("match")]
    public Dictionary<string, string> Match { get; init; } = [];

    /// <summary>Consoles used when the kernel command line names none, in console= syntax ("ttyS0,115200").</summary>
    [JsonPropertyName("consoles")]
    public List<string> Consoles { get; init; } = [];

    /// <summary>Kernel modules to load at init, by name; dependencies are added by the initramfs builder.</summary>
    [JsonPropertyName("modules")]
    public List<string> Modules { get; init; } = [];

    [JsonPropertyName("budget")]
    public BoardBudget Budget { get; init; } = new();

    [JsonPropertyName("menu")]
    public BoardMenu Menu { get; init; } = new();

    [JsonPropertyName("cmdline")]
    public BoardCmdline Cmdline { get; init; } = new();

    [JsonPropertyName("quirks")]
    public List<BoardQuirk> Quirks { get; init; } = [];

    /// <summary>Path of a shell inside the initramfs offered by the menu's `s` key; null = none.</summary>
    [JsonPropertyName("recovery_shell")]
    public string? RecoveryShell { get; init; }
}

public sealed class BoardBudget
{
    /// <summary>Whole initramfs (lbs + modules + files), xz-compressed.</summary>
    [JsonPropertyName("initramfs_xz_bytes")]
    public long InitramfsXzBytes { get; init; } = 1_782_579;

    /// <summary>Userland part (everything but kernel modules), xz-compressed.</summary>
    [JsonPropertyName("userland_xz_bytes")]
    public long UserlandXzBytes { get; init; } = 1_572_864;

    /// <summary>The stripped lbs binary.</summary>
    [JsonPropertyName("lbs_bytes")]
    public long LbsBytes { get; init; } = 4_194_304;
}

public sealed class BoardMenu
{
    /// <summary>Overrides the configs' timeout when set; null = use the configs'.</summary>
    [JsonPropertyName("timeout_seconds")]
    public int? TimeoutSeconds { get; init; }

    /// <summary>How long one device may take to scan before it is reported and skipped.</summary>
    [JsonPropertyName("device_deadline_ms")]
    public int DeviceDeadlineMs { get; init; } = 2000;
}

public sealed class BoardCmdline
{
    /// <summary>Parameters appended to every booted kernel's command line.</summary>
    [JsonPropertyName("append")]
    public List<string> Append { get; init; } = [];

    /// <summary>Parameter names (before '=') removed from every command line.</summary>
    [JsonPropertyName("remove")]
    public List<string> Remove { get; init; } = [];
}

/// <summary>One driver-teardown step run before kexec (see boards/README.md for the kinds).</summary>
public sealed class BoardQuirk
{
    /// <summary>"unbind-driver", "remove-module", "clear-bus-master", "disarm-watchdog", "write-sysfs".</summary>
    [JsonPropertyName("kind")]
    public required string Kind { get; init; }

    /// <summary>Driver name, module name, PCI address, watchdog device or sysfs path, depending on the kind.</summary>
    [JsonPropertyName("target")]
    public required string Target { get; init; }

    /// <summary>Value to write for write-sysfs.</summary>
    [JsonPropertyName("value")]
    public string? Value { get; init; }

    [JsonPropertyName("reason")]
    public string Reason { get; init; } = "";
}
