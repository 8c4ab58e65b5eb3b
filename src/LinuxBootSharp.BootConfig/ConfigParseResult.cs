namespace LinuxBootSharp.BootConfig;

/// <summary>What one parser found on one file system.</summary>
public sealed class ConfigParseResult
{
    /// <summary>Entries in the order the config lists them (BLS: already sorted per the specification).</summary>
    public List<BootEntry> Entries { get; } = [];

    /// <summary>Problems not tied to a single entry.</summary>
    public List<Diagnostic> Diagnostics { get; } = [];

    /// <summary>Menu timeout the config asks for; null when it says nothing; <see cref="Timeout.InfiniteTimeSpan"/> = wait forever.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>
    /// How the menu waits for <see cref="Timeout"/> (GRUB <c>timeout_style</c>): draw it, show only
    /// a countdown, or show nothing; any other config says <see cref="MenuTimeoutStyle.Menu"/>.
    /// </summary>
    public MenuTimeoutStyle TimeoutStyle { get; set; } = MenuTimeoutStyle.Menu;

    /// <summary>
    /// GRUB's <c>superusers</c> (split at its word separators) when the config sets it: then
    /// entries need a password unless <see cref="BootEntry.Unrestricted"/> (grub-core/normal/auth.c).
    /// Null when no password rules apply.
    /// </summary>
    public IReadOnlyList<string>? Superusers { get; set; }

    /// <summary>
    /// The default is a one-shot choice that the config's own loader clears as it starts (GRUB:
    /// <c>next_entry</c>, emptied with <c>save_env</c> by grub-mkconfig's 00_header). The scan never
    /// writes, so the choice stays set until the booted system clears it.
    /// </summary>
    public bool DefaultIsOneShot { get; set; }

    /// <summary>Config files that were read, for the details view ("device:/path").</summary>
    public List<string> ConfigFiles { get; } = [];
}

/// <summary>GRUB's timeout styles (grub-core/normal/menu.c timeout_style_names).</summary>
public enum MenuTimeoutStyle
{
    /// <summary>Draw the menu and count down in it.</summary>
    Menu,

    /// <summary>Draw no menu, only the seconds left; Esc (F4, F8) shows the menu, without a timeout; a hotkey boots its entry.</summary>
    Countdown,

    /// <summary>
    /// Like <see cref="Countdown"/> with nothing on screen. With a zero <see cref="ConfigParseResult.Timeout"/>
    /// GRUB reads one pending key (Esc shows the menu, a hotkey boots its entry) and otherwise boots
    /// the default without a word (menu.c run_menu); a menu that cannot see a held key boots the default at once.
    /// </summary>
    Hidden,
}
