namespace LinuxBootSharp.BootConfig.Grub;

/// <summary>
/// How GRUB reads the variables and options that steer its menu rather than an entry's boot:
/// <c>timeout</c> and <c>timeout_style</c> (grub-core/normal/menu.c), <c>--hotkey</c> and
/// <c>--users</c> (commands/menuentry.c), <c>superusers</c> (normal/auth.c).
/// </summary>
internal static class GrubMenuFacts
{
    /// <summary>
    /// menu.c grub_menu_get_timeout: <c>(int) grub_strtoul (val, 0, 0)</c>; when that fails (no
    /// digits, which includes every negative number since grub_strtoull knows no sign, or an
    /// overflow) GRUB unsets the variable and waits forever. Trailing text after the digits is
    /// ignored ("10s" is 10), "0x1e" is hexadecimal and "010" octal, as grub_strtoull reads them.
    /// A value beyond int is cast as C casts it (menu.c): 2147483648 is negative (forever),
    /// 4294967296 is 0 (boot at once). Null when the variable is unset: the config says nothing
    /// (GRUB itself would then wait forever).
    /// </summary>
    public static TimeSpan? ParseTimeout(string? v, out string? problem)
    {
        problem = null;
        if (v is null)
            return null;
        if (!TryStrToUL(v, out ulong n))
        {
            // "-1" is the documented way to wait forever (GRUB manual, GRUB_TIMEOUT): no diagnostic.
            var t0 = v.TrimStart();
            if (t0.Length > 1 && t0[0] == '-' && char.IsAsciiDigit(t0[1]))
                return Timeout.InfiniteTimeSpan;
            problem = $"timeout '{v}' is not a number: GRUB unsets it and waits for a key (menu.c grub_menu_get_timeout)";
            return Timeout.InfiniteTimeSpan;
        }
        int t = unchecked((int)n);
        return t < 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(t);
    }

    /// <summary>
    /// menu.c get_timeout_style: the exact (case-sensitive) names, anything else is "menu"; with
    /// no timeout (negative, unset or invalid) run_menu unsets the style, because a hidden menu
    /// that waits forever would show nothing and never boot.
    /// </summary>
    public static MenuTimeoutStyle ParseTimeoutStyle(string? v, TimeSpan? timeout, out string? problem)
    {
        problem = null;
        var style = v switch
        {
            "menu" or null => MenuTimeoutStyle.Menu,
            "countdown" => MenuTimeoutStyle.Countdown,
            "hidden" => MenuTimeoutStyle.Hidden,
            _ => MenuTimeoutStyle.Menu,
        };
        if (v is not null && v is not ("menu" or "countdown" or "hidden"))
            problem = $"timeout_style '{v}' is not menu, countdown or hidden: GRUB shows the menu";
        if (style != MenuTimeoutStyle.Menu && (timeout is null || timeout == Timeout.InfiniteTimeSpan))
        {
            problem = $"timeout_style={v} without a timeout: GRUB shows the menu (menu.c run_menu)";
            style = MenuTimeoutStyle.Menu;
        }
        return style;
    }

    /// <summary>
    /// grub_strtoull with base 0 and no end pointer: leading GRUB white space, "0x" (lower-case x
    /// only) for hexadecimal, "0" followed by an octal digit for octal; false when no digit is
    /// found (GRUB_ERR_BAD_NUMBER) or the value overflows (GRUB_ERR_OUT_OF_RANGE).
    /// </summary>
    public static bool TryStrToUL(string s, out ulong value)
    {
        value = 0;
        int i = 0;
        while (i < s.Length && IsSpace(s[i]))
            i++;
        int radix = 10;
        if (i < s.Length && s[i] == '0' && i + 1 < s.Length)
        {
            if (s[i + 1] == 'x')
            {
                radix = 16;
                i += 2;
            }
            else if (s[i + 1] is >= '0' and <= '7')
            {
                radix = 8;
            }
        }
        bool found = false;
        for (; i < s.Length; i++)
        {
            char c = char.ToLowerInvariant(s[i]);
            int d = c is >= '0' and <= '9' ? c - '0' : c is >= 'a' and <= 'z' ? c - 'a' + 10 : -1;
            if (d < 0 || d >= radix)
                break;
            found = true;
            if (value > (ulong.MaxValue - (ulong)d) / (ulong)radix)
                return false;
            value = value * (ulong)radix + (ulong)d;
        }
        return found;
    }

    /// <summary>grub_isspace (include/grub/misc.h).</summary>
    public static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\v' or '\f';

    /// <summary>grub_iswordseparator: white space, ',', ';', '|' and '&amp;' (used by grub_strword for user lists).</summary>
    public static IReadOnlyList<string> SplitWords(string s)
    {
        var words = new List<string>();
        int start = -1;
        for (int i = 0; i <= s.Length; i++)
        {
            bool sep = i == s.Length || IsSpace(s[i]) || s[i] is ',' or ';' or '|' or '&';
            if (sep)
            {
                if (start >= 0)
                    words.Add(s[start..i]);
                start = -1;
            }
            else if (start < 0)
            {
                start = i;
            }
        }
        return words;
    }

    /// <summary>
    /// menuentry.c grub_normal_add_menu_entry: a name from hotkey_aliases (compared exactly, so
    /// "Tab" is 'T'), otherwise the first character (byte) of the value. An empty value gives key 0,
    /// which no key press matches; a non-ASCII first byte matches no key either (GRUB compares a
    /// single byte of the UTF-8 text with the key code).
    /// </summary>
    public static MenuHotkey? ParseHotkey(string? v, out string? problem)
    {
        problem = null;
        if (v is null)
            return null;
        MenuHotkeyKey? alias = v switch
        {
            "backspace" => MenuHotkeyKey.Backspace,
            "tab" => MenuHotkeyKey.Tab,
            "delete" => MenuHotkeyKey.Delete,
            "insert" => MenuHotkeyKey.Insert,
            "f1" => MenuHotkeyKey.F1,
            "f2" => MenuHotkeyKey.F2,
            "f3" => MenuHotkeyKey.F3,
            "f4" => MenuHotkeyKey.F4,
            "f5" => MenuHotkeyKey.F5,
            "f6" => MenuHotkeyKey.F6,
            "f7" => MenuHotkeyKey.F7,
            "f8" => MenuHotkeyKey.F8,
            "f9" => MenuHotkeyKey.F9,
            "f10" => MenuHotkeyKey.F10,
            "f11" => MenuHotkeyKey.F11,
            "f12" => MenuHotkeyKey.F12,
            _ => null,
        };
        if (alias is { } a)
            return new MenuHotkey(a);
        // A literal tab or backspace is the same key code as its alias (include/grub/term.h).
        if (v.Length > 0 && v[0] is '\t' or '\b')
            return new MenuHotkey(v[0] == '\t' ? MenuHotkeyKey.Tab : MenuHotkeyKey.Backspace);
        if (v.Length == 0 || v[0] > '\x7e' || v[0] < ' ')
        {
            problem = v.Length == 0 ? "--hotkey is empty: no key selects this entry"
                : $"--hotkey '{v}': GRUB takes its first byte, which no key press matches";
            return null;
        }
        if (v.Length > 1)
            problem = $"--hotkey '{v}' is not a key name: GRUB uses its first character '{v[0]}'";
        return MenuHotkey.Of(v[0]);
    }
}
