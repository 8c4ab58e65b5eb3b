namespace LinuxBootSharp.Menu;

/// <summary>Maps Console.ReadKey's answer to a <see cref="MenuKey"/>, for hosts that read the controlling terminal through .NET.</summary>
public static class ConsoleKeyMapper
{
    public static MenuKey? Map(ConsoleKeyInfo info)
    {
        switch (info.Key)
        {
            case ConsoleKey.UpArrow: return MenuKey.Up;
            case ConsoleKey.DownArrow: return MenuKey.Down;
            case ConsoleKey.LeftArrow: return MenuKey.Left;
            case ConsoleKey.RightArrow: return MenuKey.Right;
            case ConsoleKey.PageUp: return MenuKey.PageUp;
            case ConsoleKey.PageDown: return MenuKey.PageDown;
            case ConsoleKey.Home: return MenuKey.Home;
            case ConsoleKey.End: return MenuKey.End;
            case ConsoleKey.Insert: return MenuKey.Insert;
            case ConsoleKey.Enter: return MenuKey.Enter;
            case ConsoleKey.Escape: return MenuKey.Escape;
            case ConsoleKey.Backspace: return MenuKey.Backspace;
            case ConsoleKey.Delete: return MenuKey.Delete;
            case ConsoleKey.Tab: return MenuKey.Tab;
            case >= ConsoleKey.F1 and <= ConsoleKey.F12: return MenuKey.Function(info.Key - ConsoleKey.F1 + 1);
        }
        if ((info.Modifiers & ConsoleModifiers.Control) != 0 && info.Key is >= ConsoleKey.A and <= ConsoleKey.Z)
            return MenuKey.Ctrl((char)('A' + (info.Key - ConsoleKey.A)));
        char c = info.KeyChar;
        if (c is >= '\x01' and <= '\x1a') return MenuKey.Ctrl((char)('A' + c - 1));
        if (c == '\x7f') return MenuKey.Backspace;
        if (char.IsControl(c) || char.IsSurrogate(c) || c == '\0') return null;
        return MenuKey.Character(c);
    }
}
