using System.Globalization;

namespace LinuxBootSharp.Menu;

/// <summary>
/// Turns a line typed at the <see cref="DumbRenderer"/>'s prompt into key presses on the machine:
/// "3" boots entry 3, "e 3" edits it, "d 3" shows its details, "" boots the selection (the default
/// unless the user moved it), "0" leaves a submenu, "r" rescans, "s" opens the shell.
/// The host calls <see cref="MenuMachine.StopCountdown"/> as soon as the first byte of a line
/// arrives (typing is the "any key"), and <see cref="DumbRenderer.LineEntered"/> when the line ends.
/// </summary>
public static class DumbLineInput
{
    /// <returns>The most significant action the keys produced (Boot, Rescan or Shell over Redraw).</returns>
    public static MenuAction Apply(MenuMachine machine, string line)
    {
        line = line.Trim();
        var result = MenuAction.Redraw;
        void Press(MenuKey key)
        {
            MenuAction a = machine.Press(key);
            if (a.Kind is not (MenuActionKind.None or MenuActionKind.Redraw or MenuActionKind.Repaint)) result = a;
        }

        switch (machine.View)
        {
            case MenuView.Details:
                Press(MenuKey.Escape);
                return result;
            case MenuView.Edit:
                if (line == ".") { Press(MenuKey.Escape); return result; }
                if (line.Length > 0)
                {
                    Press(MenuKey.Ctrl('E'));
                    Press(MenuKey.Ctrl('U'));
                    foreach (System.Text.Rune r in line.EnumerateRunes()) Press(MenuKey.Character(r));
                }
                Press(MenuKey.Enter);
                return result;
        }

        int count = machine.Screen.Items.Count;
        bool inSubmenu = machine.Screen.Path.Count > 0;
        char verb = line.Length > 0 && line[0] is 'e' or 'd' ? line[0] : '\0';
        string rest = verb != '\0' ? line[1..].Trim() : line;

        if (line.Length == 0) Press(MenuKey.Enter);
        else if (line is "r" or "s") Press(MenuKey.Character(line[0]));
        else if (line is "0" or "<" && inSubmenu) Press(MenuKey.Escape);
        else if (verb != '\0' && rest.Length == 0) Press(MenuKey.Character(verb));
        else if (int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out int n))
        {
            if (n < 1 || n > count)
            {
                machine.StopCountdown();
                machine.SetStatus(count == 0 ? "There are no entries to choose" : $"No entry {n}: choose 1-{count}");
                return result;
            }
            // Home then Down: independent of the digit window, which a typed line cannot honour.
            Press(MenuKey.Home);
            for (int i = 1; i < n; i++) Press(MenuKey.Down);
            Press(verb == '\0' ? MenuKey.Enter : MenuKey.Character(verb));
        }
        else
        {
            machine.StopCountdown();
            machine.SetStatus($"Unknown choice '{line}'");
        }
        return result;
    }
}
