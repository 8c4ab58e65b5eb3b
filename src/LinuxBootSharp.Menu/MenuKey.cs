using System.Text;

namespace LinuxBootSharp.Menu;

/// <summary>A key press, independent of where it came from (serial bytes, Console.ReadKey, a typed line).</summary>
public readonly record struct MenuKey(KeyKind Kind, Rune Char = default, int Number = 0)
{
    public static MenuKey Up => new(KeyKind.Up);
    public static MenuKey Down => new(KeyKind.Down);
    public static MenuKey Left => new(KeyKind.Left);
    public static MenuKey Right => new(KeyKind.Right);
    public static MenuKey PageUp => new(KeyKind.PageUp);
    public static MenuKey PageDown => new(KeyKind.PageDown);
    public static MenuKey Home => new(KeyKind.Home);
    public static MenuKey End => new(KeyKind.End);
    public static MenuKey Insert => new(KeyKind.Insert);
    public static MenuKey Enter => new(KeyKind.Enter);
    public static MenuKey Escape => new(KeyKind.Escape);
    public static MenuKey Backspace => new(KeyKind.Backspace);
    public static MenuKey Delete => new(KeyKind.Delete);
    public static MenuKey Tab => new(KeyKind.Tab);

    public static MenuKey Character(char c) => new(KeyKind.Char, new Rune(c));

    public static MenuKey Character(Rune r) => new(KeyKind.Char, r);

    /// <summary>Ctrl plus a letter, e.g. <c>Ctrl('A')</c>; stored upper-case.</summary>
    public static MenuKey Ctrl(char letter) => new(KeyKind.Ctrl, new Rune(char.ToUpperInvariant(letter)));

    public static MenuKey Function(int n) => new(KeyKind.Function, default, n);

    public bool IsChar(char c) => Kind == KeyKind.Char && Char.Value == c;

    public bool IsCtrl(char letter) => Kind == KeyKind.Ctrl && Char.Value == char.ToUpperInvariant(letter);

    public override string ToString() => Kind switch
    {
        KeyKind.Char => $"'{Char}'",
        KeyKind.Ctrl => $"Ctrl-{Char}",
        KeyKind.Function => $"F{Number}",
        _ => Kind.ToString(),
    };
}
