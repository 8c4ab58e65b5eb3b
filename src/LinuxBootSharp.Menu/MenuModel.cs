namespace LinuxBootSharp.Menu;

/// <summary>Everything the host tells the menu before it starts.</summary>
public sealed class MenuModel
{
    public required IReadOnlyList<MenuItem> Items { get; init; }

    /// <summary>Countdown to the default entry; null (or <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>) waits forever, zero boots at once.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>
    /// How to wait for <see cref="Timeout"/>: Countdown and Hidden leave the menu undrawn until a key
    /// (or the end of the countdown); without a countdown (null or infinite timeout) they are Menu,
    /// as GRUB unsets timeout_style when there is no timeout.
    /// </summary>
    public CountdownStyle CountdownStyle { get; init; } = CountdownStyle.Menu;

    /// <summary>First screen line.</summary>
    public string Title { get; init; } = "LinuxBootSharp";

    /// <summary>Shown after the title when it fits (board name, version).</summary>
    public string? Header { get; init; }

    /// <summary>Replaces the computed key hints of the list view when set.</summary>
    public string? Footer { get; init; }

    /// <summary>The board provides a recovery shell; only then does <c>s</c> return <see cref="MenuActionKind.Shell"/>.</summary>
    public bool ShellAvailable { get; init; }

    /// <summary>Boards may lock the command line (e.g. measured boot policies).</summary>
    public bool EditingAllowed { get; init; } = true;
}
