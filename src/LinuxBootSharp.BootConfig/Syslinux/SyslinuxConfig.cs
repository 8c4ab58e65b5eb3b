namespace LinuxBootSharp.BootConfig.Syslinux;

/// <summary>Everything one syslinux configuration (main file plus its INCLUDEs) sets.</summary>
public sealed class SyslinuxConfig
{
    public List<SyslinuxLabel> Labels { get; } = [];

    /// <summary>Directory relative paths resolve against (the main config's, or a CONFIG target's).</summary>
    public required string WorkingDirectory { get; init; }

    /// <summary>DEFAULT: a label name or, without one, a kernel command line.</summary>
    public string? Default { get; set; }
    public int DefaultLine { get; set; }
    public string? DefaultFile { get; set; }

    /// <summary>UI module (or DEFAULT naming a .c32 menu, the pre-4.0 way to start one).</summary>
    public string? Ui { get; set; }
    public int? Prompt { get; set; }

    /// <summary>TIMEOUT and TOTALTIMEOUT in tenths of a second (syslinux.cfg(5)).</summary>
    public long? TimeoutTenths { get; set; }
    public long? TotalTimeoutTenths { get; set; }
    public string? OnTimeout { get; set; }

    /// <summary>IMPLICIT 0 forbids booting a kernel that is not a label.</summary>
    public bool AllowImplicit { get; set; } = true;
    public string? GlobalAppend { get; set; }

    /// <summary>Global IPAPPEND/SYSAPPEND flags (a label's own value overrides them).</summary>
    public string? GlobalIpAppend { get; set; }
}
