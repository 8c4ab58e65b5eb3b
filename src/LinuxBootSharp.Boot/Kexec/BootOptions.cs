namespace LinuxBootSharp.Boot.Kexec;

/// <summary>How <see cref="BootRunner"/> runs a boot: the same path for `lbs boot`, `lbs.boot=` and the menu.</summary>
public sealed record BootOptions
{
    /// <summary>Where every step of the boot is logged (the console log, or stdout for `lbs boot`).</summary>
    public required Action<string> Log { get; init; }

    /// <summary>
    /// Print the plan (hashes included) and the quirks that would run, then stop: nothing is handed
    /// to the kernel (no kexec_file_load) and no quirk touches the machine.
    /// </summary>
    public bool DryRun { get; init; }

    /// <summary>Hash every file while staging (lbs.measure / --measure); a dry run always does.</summary>
    public bool Measure { get; init; }

    /// <summary>Load, then stop before the quirks and the jump (`lbs boot --load-only`, then `systemctl kexec`).</summary>
    public bool LoadOnly { get; init; }

    /// <summary>Called with (file, bytes done, bytes total) about every MiB while staging.</summary>
    public Action<string, long, long>? Progress { get; init; }

    /// <summary>
    /// Called after a successful load, before the quirks: the menu hands its consoles back to
    /// cooked mode here, because the next kernel (or a failed jump's recovery) inherits them.
    /// </summary>
    public Action? BeforeTeardown { get; init; }

    /// <summary>The sysfs root the board's quirks act on; tests point it at a fake tree.</summary>
    public string SysRoot { get; init; } = "/sys";

    /// <summary>PID 1's options from the kernel command line: <c>lbs.dryrun</c>, <c>lbs.measure</c>.</summary>
    public static BootOptions FromKernelCommandLine(KernelCommandLine cmdline, Action<string> log) => new()
    {
        Log = log,
        DryRun = cmdline.Has("lbs.dryrun"),
        Measure = cmdline.Has("lbs.measure"),
    };
}

/// <summary>Where <see cref="BootRunner.Run"/> stopped when it returned.</summary>
public enum BootOutcome
{
    /// <summary>Dry run: the plan was printed, nothing was loaded.</summary>
    Planned,

    /// <summary>Load only: the kernel holds the image; nothing was torn down or executed.</summary>
    Loaded,

    /// <summary>The jump was made and came back (only a recording IKexec does this; the real one throws).</summary>
    ExecuteReturned,
}
