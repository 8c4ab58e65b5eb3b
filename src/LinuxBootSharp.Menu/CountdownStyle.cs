namespace LinuxBootSharp.Menu;

/// <summary>
/// How the menu waits for its countdown (GRUB's <c>timeout_style</c>, grub-core/normal/menu.c
/// run_menu): with the menu drawn, with only a one-line countdown, or with nothing on screen.
/// </summary>
public enum CountdownStyle
{
    /// <summary>Draw the menu and count down in it.</summary>
    Menu,

    /// <summary>Draw only "Booting 'X' in Ns, Esc: menu"; a key shows the menu (countdown stopped), a hotkey boots its entry.</summary>
    Countdown,

    /// <summary>Draw nothing until the countdown ends; a key shows the menu, a hotkey boots its entry.</summary>
    Hidden,
}
