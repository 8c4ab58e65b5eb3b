namespace LinuxBootSharp.Menu;

/// <summary>What a <see cref="MenuKey"/> is; <see cref="Char"/>, <see cref="Ctrl"/> and <see cref="Function"/> carry a value.</summary>
public enum KeyKind
{
    Up, Down, Left, Right, PageUp, PageDown, Home, End, Insert,
    Enter, Escape, Backspace, Delete, Tab,
    /// <summary>A printable character in <see cref="MenuKey.Char"/>.</summary>
    Char,
    /// <summary>Ctrl plus the upper-case letter in <see cref="MenuKey.Char"/>.</summary>
    Ctrl,
    /// <summary>F1..F12, the number in <see cref="MenuKey.Number"/>.</summary>
    Function,
}
