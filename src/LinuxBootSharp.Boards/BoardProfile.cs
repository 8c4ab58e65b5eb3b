namespace LinuxBootSharp.Boards;

/// <summary>A hardware profile: how to recognise a board and what it needs to boot. Schema: boards/README.md;
/// read by <see cref="BoardProfileReader"/>.</summary>
public sealed class BoardProfile
{
    public required string Name { get; init; }

    public string Description { get; init; } = "";

    /// <summary>DMI fields (file names under /sys/class/dmi/id) and glob patterns; all must match. Empty = matches anything (generic).</summary>
    public Dictionary<string, string> Match { get; init; } = [];

    /// <summary>Consoles used when the kernel command line names none, in console= syntax ("ttyS0,115200").</summary>
    public List<string> Consoles { get; init; } = [];

    /// <summary>Kernel modules to load at init, by name; dependencies are added by the initramfs builder.</summary>
    public List<string> Modules { get; init; } = [];

    public BoardBudget Budget { get; init; } = new();

    public BoardMenu Menu { get; init; } = new();

    public BoardCmdline Cmdline { get; init; } = new();

    public List<BoardQuirk> Quirks { get; init; } = [];

    /// <summary>Path of a shell inside the initramfs offered by the menu's `s` key; null = none.</summary>
    public string? RecoveryShell { get; init; }
}

public sealed class BoardBudget
{
    /// <summary>Whole initramfs (lbs + modules + files), xz-compressed.</summary>
    public long InitramfsXzBytes { get; init; } = 1_782_579;

    /// <summary>Userland part (everything but kernel modules), xz-compressed.</summary>
    public long UserlandXzBytes { get; init; } = 1_572_864;

    /// <summary>The stripped lbs binary.</summary>
    public long LbsBytes { get; init; } = 4_194_304;
}

public sealed class BoardMenu
{
    /// <summary>Overrides the configs' timeout when set; null = use the configs'.</summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary>How long one device may take to scan before it is reported and skipped.</summary>
    public int DeviceDeadlineMs { get; init; } = 2000;
}

public sealed class BoardCmdline
{
    /// <summary>Parameters appended to every booted kernel's command line.</summary>
    public List<string> Append { get; init; } = [];

    /// <summary>Parameter names (before '=') removed from every command line.</summary>
    public List<string> Remove { get; init; } = [];
}

/// <summary>One driver-teardown step run before kexec (see boards/README.md for the kinds).</summary>
public sealed class BoardQuirk
{
    /// <summary>"unbind-driver", "remove-module", "clear-bus-master", "disarm-watchdog", "write-sysfs".</summary>
    public required string Kind { get; init; }

    /// <summary>Driver name, module name, PCI address, watchdog device or sysfs path, depending on the kind.</summary>
    public required string Target { get; init; }

    /// <summary>Value to write for write-sysfs.</summary>
    public string? Value { get; init; }

    public string Reason { get; init; } = "";
}
