namespace LinuxBootSharp.BootConfig.Grub;

/// <summary>
/// Bounds on the work one config may cause. GRUB itself has none of these (a recursive
/// <c>source</c> runs until memory runs out); we need them because configs come from disks we
/// do not trust and the menu must appear.
/// </summary>
public sealed record GrubLimits
{
    /// <summary>Commands executed while running the config files (not counting entry bodies).</summary>
    public long MaxSteps { get; init; } = 500_000;

    /// <summary>Commands executed while evaluating one menu entry body.</summary>
    public long MaxEntrySteps { get; init; } = 50_000;

    /// <summary>Commands executed by all submenu and entry bodies together; later entries are listed unevaluated.</summary>
    public long MaxTotalEntrySteps { get; init; } = 1_000_000;

    /// <summary>Characters expanded by the whole evaluation (config, submenus and entries together).</summary>
    public long MaxTotalExpandedChars { get; init; } = 64L << 20;

    /// <summary>Iterations of one <c>while</c>/<c>until</c>/<c>for</c> loop.</summary>
    public int MaxLoopIterations { get; init; } = 10_000;

    /// <summary>Nested <c>source</c>/<c>configfile</c> levels (petitboot stops at the same depth).</summary>
    public int MaxSourceDepth { get; init; } = 10;

    /// <summary>Nested function calls.</summary>
    public int MaxCallDepth { get; init; } = 64;

    /// <summary>Nested submenus.</summary>
    public int MaxSubmenuDepth { get; init; } = 8;

    /// <summary>Largest config file read (the 10 MB configs must still be handled).</summary>
    public long MaxConfigBytes { get; init; } = 10L << 20;

    /// <summary>Largest single word or variable value; longer ones are cut (a loop doubling a string).
    /// Kernel command lines are limited to a few KiB anyway (COMMAND_LINE_SIZE).</summary>
    public int MaxValueLength { get; init; } = 64 << 10;

    /// <summary>Characters all word expansions of one phase (the config run, or one entry) may produce.</summary>
    public long MaxExpandedChars { get; init; } = 32L << 20;

    public static GrubLimits Default { get; } = new();
}
