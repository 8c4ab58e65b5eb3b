namespace LinuxBootSharp.Menu;

/// <summary>
/// What the menu shows, independent of terminal size: each renderer fits it to its own console
/// (a VGA console and a serial line may differ) and keeps its own scroll window.
/// </summary>
public sealed record ScreenModel
{
    public required MenuView View { get; init; }

    public required string Title { get; init; }

    public string? Header { get; init; }

    /// <summary>Titles of the open submenus, outermost first; empty at the top level.</summary>
    public required IReadOnlyList<string> Path { get; init; }

    /// <summary>Items of the current (sub)menu.</summary>
    public required IReadOnlyList<MenuItem> Items { get; init; }

    /// <summary>Index into <see cref="Items"/>, -1 when the menu is empty.</summary>
    public required int Selected { get; init; }

    /// <summary>"Booting 'X' in 5s..." while the countdown runs, else null; in <see cref="MenuView.Waiting"/> the only text drawn.</summary>
    public string? Countdown { get; init; }

    /// <summary>One-shot message (errors, hints) shown until the next key.</summary>
    public string? Status { get; init; }

    /// <summary>Key hints for the current view.</summary>
    public required string Footer { get; init; }

    public DetailsScreen? Details { get; init; }

    public EditorScreen? Editor { get; init; }

    /// <summary>Whether <c>s</c> opens a shell and <c>e</c> edits; the dumb renderer words its prompt from these.</summary>
    public bool ShellAvailable { get; init; }

    public bool EditingAllowed { get; init; }
}
