namespace LinuxBootSharp.BootConfig.Bls;

/// <summary>
/// fnmatch(3)-style glob as systemd-boot's efi_fnmatch uses it for loader.conf <c>default</c>:
/// "*", "?", "[abc]", "[a-z]", "[!x]" and "\" escapes; no special meaning for "/".
/// </summary>
public static class Glob
{
    public static bool IsMatch(string pattern, string text) => Match(pattern.AsSpan(), text.AsSpan());

    // Iterative matcher that backtracks only to the most recent '*': O(pattern × text) even
    // for hostile patterns such as "*a*a*a*b" (fuzzed loader.conf).
    private static bool Match(ReadOnlySpan<char> p, ReadOnlySpan<char> t)
    {
        int pi = 0, ti = 0, starP = -1, starT = 0;
        while (ti < t.Length)
        {
            if (pi < p.Length && p[pi] == '*')
            {
                starP = ++pi;
                starT = ti;
                continue;
            }
            if (pi < p.Length && MatchOne(p, ref pi, t[ti]))
            {
                ti++;
                continue;
            }
            if (starP < 0)
                return false;
            pi = starP;
            ti = ++starT;
        }
        while (pi < p.Length && p[pi] == '*')
            pi++;
        return pi == p.Length;
    }

    /// <summary>Matches one pattern element (not '*') at <paramref name="pi"/> against <paramref name="c"/>, advancing on success.</summary>
    private static bool MatchOne(ReadOnlySpan<char> p, ref int pi, char c)
    {
        switch (p[pi])
        {
            case '?':
                pi++;
                return true;
            case '[':
                {
                    int end = ClassEnd(p[pi..]);
                    if (end >= 0)
                    {
                        if (!InClass(p.Slice(pi + 1, end - 1), c))
                            return false;
                        pi += end + 1;
                        return true;
                    }
                    break; // unterminated: a literal '['
                }
            case '\\' when pi + 1 < p.Length:
                if (p[pi + 1] != c)
                    return false;
                pi += 2;
                return true;
        }
        if (p[pi] != c)
            return false;
        pi++;
        return true;
    }

    private static int ClassEnd(ReadOnlySpan<char> p)
    {
        int i = 1;
        if (i < p.Length && p[i] == '!')
            i++;
        if (i < p.Length && p[i] == ']')
            i++;
        for (; i < p.Length; i++)
            if (p[i] == ']')
                return i;
        return -1;
    }

    private static bool InClass(ReadOnlySpan<char> cls, char c)
    {
        bool negate = !cls.IsEmpty && cls[0] == '!';
        if (negate)
            cls = cls[1..];
        bool hit = false;
        for (int i = 0; i < cls.Length; i++)
        {
            if (i + 2 < cls.Length && cls[i + 1] == '-')
            {
                if (c >= cls[i] && c <= cls[i + 2])
                    hit = true;
                i += 2;
            }
            else if (cls[i] == c)
            {
                hit = true;
            }
        }
        return hit != negate;
    }
}
