namespace LinuxBootSharp.BootConfig.Bls;

/// <summary>
/// Version comparison of the UAPI Version Format Specification (UAPI.10), section
/// "Version Comparison" — the order systemd-boot and kernel-install use for BLS entries.
/// </summary>
public static class UapiVersion
{
    /// <summary>
    /// Negative when <paramref name="a"/> sorts before (is older than) <paramref name="b"/>,
    /// zero when equal, positive when newer. Null compares like the empty string.
    /// </summary>
    public static int Compare(string? a, string? b)
    {
        var x = (a ?? "").AsSpan();
        var y = (b ?? "").AsSpan();
        while (true)
        {
            // Step 1: characters outside [A-Za-z0-9-.~^] are separators and skipped in both.
            x = SkipSeparators(x);
            y = SkipSeparators(y);

            // Step 2: '~' (pre-release) sorts lower than anything, even the end of the string.
            bool tx = x.Length > 0 && x[0] == '~', ty = y.Length > 0 && y[0] == '~';
            if (tx != ty)
                return tx ? -1 : 1;
            if (tx)
            {
                x = x[1..];
                y = y[1..];
                continue;
            }

            // Step 3: a string that has ended sorts lower than one with characters left.
            if (x.IsEmpty || y.IsEmpty)
                return x.IsEmpty == y.IsEmpty ? 0 : (x.IsEmpty ? -1 : 1);

            // Steps 4-6: '-', '^' and '.' each sort lower than anything that is not the same character.
            foreach (var sep in "-^.")
            {
                bool sx = x[0] == sep, sy = y[0] == sep;
                if (sx != sy)
                    return sx ? -1 : 1;
                if (sx)
                {
                    x = x[1..];
                    y = y[1..];
                    goto next;
                }
            }

            // Step 7: numeric components compare as numbers; a numeric component is newer
            // than an alphabetic one (as systemd's strverscmp_improved, which the spec follows).
            if (char.IsAsciiDigit(x[0]) || char.IsAsciiDigit(y[0]))
            {
                int nx = CountWhile(x, char.IsAsciiDigit), ny = CountWhile(y, char.IsAsciiDigit);
                if ((nx > 0) != (ny > 0))
                    return nx > 0 ? 1 : -1;
                var dx = x[..nx].TrimStart('0');
                var dy = y[..ny].TrimStart('0');
                // Without leading zeros the longer digit string is the bigger number; equal
                // lengths compare digit by digit. No overflow for arbitrarily long numbers.
                if (dx.Length != dy.Length)
                    return dx.Length < dy.Length ? -1 : 1;
                int c = dx.SequenceCompareTo(dy);
                if (c != 0)
                    return Math.Sign(c);
                x = x[nx..];
                y = y[ny..];
                continue;
            }

            // Step 8: alphabetic components compare letter by letter in ASCII order
            // (so capitals sort before lower case); a longer run is newer.
            {
                int ax = CountWhile(x, char.IsAsciiLetter), ay = CountWhile(y, char.IsAsciiLetter);
                int c = x[..Math.Min(ax, ay)].SequenceCompareTo(y[..Math.Min(ax, ay)]);
                if (c != 0)
                    return Math.Sign(c);
                if (ax != ay)
                    return ax < ay ? -1 : 1;
                x = x[ax..];
                y = y[ay..];
            }
        next:;
        }
    }

    private static bool IsSignificant(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '~' or '^';

    private static ReadOnlySpan<char> SkipSeparators(ReadOnlySpan<char> s)
    {
        int i = 0;
        while (i < s.Length && !IsSignificant(s[i]))
            i++;
        return s[i..];
    }

    private static int CountWhile(ReadOnlySpan<char> s, Func<char, bool> pred)
    {
        int i = 0;
        while (i < s.Length && pred(s[i]))
            i++;
        return i;
    }
}
