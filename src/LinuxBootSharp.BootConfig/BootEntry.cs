namespace LinuxBootSharp.BootConfig;

/// <summary>
/// One bootable (or listed-but-not-bootable) menu entry as a config describes it,
/// after the config's own evaluation (variables expanded, relative paths resolved).
/// </summary>
public sealed class BootEntry
{
    /// <summary>Menu label as the config gives it.</summary>
    public required string Title { get; set; }

    /// <summary>Stable id: GRUB <c>--id</c>, BLS file name without ".conf", syslinux LABEL, UKI file name.</summary>
    public string? Id { get; set; }

    /// <summary>"grub", "bls", "uki" or "syslinux".</summary>
    public required string Source { get; set; }

    /// <summary>Config file this entry came from ("/dev/vda2:/boot/grub/grub.cfg") and its 1-based line.</summary>
    public required string SourceFile { get; set; }
    public int SourceLine { get; set; }

    /// <summary>Titles of the enclosing GRUB submenus, outermost first; empty at top level.</summary>
    public IReadOnlyList<string> SubmenuPath { get; set; } = [];

    /// <summary>
    /// The ISO image file this entry was read from when discovery found the image lying on a
    /// disk ("/dev/vda2:/isos/x.iso"), null otherwise. The entry's files then point into the
    /// image's own tree.
    /// </summary>
    public string? IsoFile { get; set; }

    public FileRef? Kernel { get; set; }

    /// <summary>Initrds in the order they must be concatenated.</summary>
    public List<FileRef> Initrds { get; } = [];

    public FileRef? DeviceTree { get; set; }
    public List<FileRef> DeviceTreeOverlays { get; } = [];

    /// <summary>The kernel's arguments as the config gives them and the menu's editor edits them.
    /// The kernel receives <see cref="KernelCmdline"/>: these, after <see cref="CmdlinePrefix"/>.</summary>
    public string Cmdline { get; set; } = "";

    /// <summary>
    /// What the config's loader puts in front of the arguments and the user does not edit, or null:
    /// GRUB's Linux loader writes <c>BOOT_IMAGE=&lt;kernel as written&gt;</c> there
    /// (grub-core/loader/i386/linux.c). The parser that knows the rule sets it; Boot only prepends it.
    /// </summary>
    public string? CmdlinePrefix { get; set; }

    /// <summary>The command line the kernel receives: <see cref="CmdlinePrefix"/>, then
    /// <paramref name="arguments"/> (edited in the menu) or, when null, <see cref="Cmdline"/>.</summary>
    public string KernelCmdline(string? arguments = null)
    {
        var args = arguments ?? Cmdline;
        if (string.IsNullOrEmpty(CmdlinePrefix))
            return args;
        return args.Length > 0 ? $"{CmdlinePrefix} {args}" : CmdlinePrefix;
    }

    /// <summary>Version string (BLS <c>version</c>, UKI .osrel VERSION_ID / .uname) when known.</summary>
    public string? Version { get; set; }

    /// <summary>True when the config marks this entry as its default.</summary>
    public bool IsDefault { get; set; }

    /// <summary>
    /// Why this entry cannot be booted by kexec (chainloader, multiboot, EFI binary, LOCALBOOT, ...),
    /// shown in the menu; null when it can.
    /// </summary>
    public string? NotBootableReason { get; set; }

    /// <summary>
    /// Set when a config forbids editing this entry's command line in the menu (loader.conf
    /// <c>editor no</c>); null when editing is allowed. The menu shows <see cref="EditDenial.Reason"/>.
    /// </summary>
    public EditDenial? EditDenied { get; set; }

    /// <summary>
    /// Listed but not shown in the menu unless it is the default: GRUB <c>menuentry --hidden</c>
    /// (reachable by its hotkey), syslinux <c>MENU HIDE</c> (reachable from the boot prompt).
    /// </summary>
    public bool Hidden { get; set; }

    /// <summary>GRUB's <c>fallback</c> names this entry: the one to boot when the default fails.</summary>
    public bool IsFallback { get; set; }

    /// <summary>
    /// This entry's place in GRUB's <c>fallback</c> list, 0 for the first one tried after the
    /// default fails; null when the list does not name it. GRUB tries the list in order, and only
    /// when the default was booted by the timeout: a key press in the menu drops the list
    /// (grub-core/normal/menu.c run_menu unsets "fallback"; grub_menu_execute_with_fallback).
    /// </summary>
    public int? FallbackRank { get; set; }

    /// <summary>
    /// A key that boots this entry at once from its menu level (GRUB <c>menuentry --hotkey</c>),
    /// also while a hidden or countdown timeout runs; null when it has none.
    /// </summary>
    public MenuHotkey? Hotkey { get; set; }

    /// <summary>
    /// The users GRUB's <c>menuentry --users</c> allows besides the superusers, split at GRUB's word
    /// separators (kern/misc.c grub_strword); null when the option is not given; null or empty with
    /// <see cref="Unrestricted"/> false: the superusers only. Inside restricted submenus it is the
    /// users every level allows (GRUB checks each submenu as it opens it). Only matters when
    /// <see cref="ConfigParseResult.Superusers"/> is set (grub-core/normal/auth.c is_authenticated).
    /// </summary>
    public IReadOnlyList<string>? Users { get; set; }

    /// <summary>
    /// GRUB <c>menuentry --unrestricted</c> (and no <c>--users</c>, which wins, commands/menuentry.c):
    /// anyone may boot it without a password, and so may every submenu it is in. A GRUB entry
    /// without either option may be booted by the superusers only, once
    /// <see cref="ConfigParseResult.Superusers"/> is set.
    /// </summary>
    public bool Unrestricted { get; set; }

    /// <summary>BLS boot counting from the file name; null when the name has no counter.</summary>
    public BootCounting? Counting { get; set; }

    /// <summary>Problems specific to this entry (unresolved file, missing kernel, ...).</summary>
    public List<Diagnostic> Diagnostics { get; } = [];

    /// <summary>
    /// Free-form extra facts shown in the details view and JSON only ("class", "machine-id",
    /// "sort-key", ...). Nothing outside BootConfig may act on a key here: a fact another layer
    /// acts on is a typed property above.
    /// </summary>
    public SortedDictionary<string, string> Properties { get; } = new(StringComparer.Ordinal);

    public bool IsBootable => NotBootableReason is null && Kernel is not null;

    public override string ToString() => $"{Source}:{Title}";
}

/// <summary>The keys GRUB names for <c>menuentry --hotkey</c> (commands/menuentry.c hotkey_aliases); any other value is its first character.</summary>
public enum MenuHotkeyKey
{
    Character,
    Backspace,
    Tab,
    Delete,
    Insert,
    F1,
    F2,
    F3,
    F4,
    F5,
    F6,
    F7,
    F8,
    F9,
    F10,
    F11,
    F12,
}

/// <summary>
/// A menu hotkey: a named key, or one character compared case-sensitively with the key pressed
/// (menu.c compares the key code with the entry's hotkey).
/// </summary>
public readonly record struct MenuHotkey(MenuHotkeyKey Key, char Character = '\0')
{
    public static MenuHotkey Of(char c) => new(MenuHotkeyKey.Character, c);

    /// <summary>GRUB's spelling: the alias ("tab", "f5") or the character.</summary>
    public override string ToString() => Key == MenuHotkeyKey.Character ? Character.ToString() : Key.ToString().ToLowerInvariant();
}
