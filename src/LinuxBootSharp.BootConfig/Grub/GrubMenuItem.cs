namespace LinuxBootSharp.BootConfig.Grub;

/// <summary>
/// A <c>menuentry</c> or <c>submenu</c> as registered when the config ran
/// (grub-core/commands/menuentry.c). The body is kept unevaluated: GRUB runs it only when the
/// entry is chosen, with <c>$1...</c> set to the entry's arguments (the title first).
/// </summary>
public sealed class GrubMenuItem
{
    public required string Title { get; init; }
    public string? Id { get; init; }
    public IReadOnlyList<string> Classes { get; init; } = [];
    public string? Users { get; init; }
    public string? Hotkey { get; init; }
    public bool Unrestricted { get; init; }
    public bool Hidden { get; init; }
    public bool IsSubmenu { get; init; }

    /// <summary>The BLS <c>version</c> of an entry made by <c>blscfg</c>.</summary>
    public string? Version { get; init; }

    /// <summary>Non-option arguments, title first: the entry's positional parameters.</summary>
    public required IReadOnlyList<string> Arguments { get; init; }
    public required GrubScript Body { get; init; }
    public required string File { get; init; }
    public int Line { get; init; }
}

/// <summary>One menu level: what the config (or a submenu body) registered, in order.</summary>
public sealed class GrubMenu
{
    /// <summary>A config can generate entries in a loop; beyond this many a menu stops growing.</summary>
    public const int MaxItems = 4096;

    public List<GrubMenuItem> Items { get; } = [];

    /// <summary>Set once entries beyond <see cref="MaxItems"/> were dropped (reported once).</summary>
    public bool Overflowed { get; set; }
}
