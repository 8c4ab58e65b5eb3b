namespace LinuxBootSharp.Menu;

/// <summary>
/// One line of the boot menu. The host maps its boot entries onto these; the menu never looks
/// inside <see cref="Tag"/>. An item with <see cref="Children"/> is a submenu and has no command line.
/// </summary>
public sealed class MenuItem
{
    /// <summary>Stable key the host chooses (e.g. a BLS id or device + title); a rescan keeps the selection on the item with the same id.</summary>
    public required string Id { get; init; }

    public required string Title { get; init; }

    /// <summary>False when the entry cannot boot (missing kernel, ...); it stays visible so the user learns why.</summary>
    public bool Enabled { get; init; } = true;

    public string? DisabledReason { get; init; }

    /// <summary>The entry the countdown boots. The first default found depth-first wins.</summary>
    public bool IsDefault { get; init; }

    /// <summary>The kernel command line the user may edit; null when the entry has none to edit (submenus, UKIs with a sealed cmdline).</summary>
    public string? Cmdline { get; init; }

    /// <summary>
    /// Why this item's command line must not be edited, naming the rule and where it is written
    /// ("editing disabled by /dev/vda1:/loader/loader.conf line 3 (editor no)"); null when it may be.
    /// <c>e</c> on such an item shows this in the status line instead of opening the editor.
    /// </summary>
    public string? EditDeniedReason { get; init; }

    /// <summary>Lines for the details view: device, file system, files with sizes, source file:line, diagnostics.</summary>
    public IReadOnlyList<string> Details { get; init; } = [];

    public IReadOnlyList<MenuItem> Children { get; init; } = [];

    /// <summary>
    /// A key that chooses this item at once from its own menu level (GRUB <c>menuentry --hotkey</c>):
    /// boots it, or opens it when it is a submenu. Compared with the pressed key as a whole
    /// (<see cref="MenuKey.Character(char)"/> is case-sensitive, <see cref="MenuKey.Function"/> F1-F12, Tab, ...).
    /// </summary>
    public MenuKey? Hotkey { get; init; }

    /// <summary>
    /// Not listed (GRUB <c>menuentry --hidden</c>): the item takes no row and no number, but its
    /// <see cref="Hotkey"/> works, and it can still be the default the countdown boots.
    /// </summary>
    public bool Hidden { get; init; }

    /// <summary>Opaque host data (the boot entry this item stands for).</summary>
    public object? Tag { get; init; }

    public bool IsSubmenu => Children.Count > 0;
}
