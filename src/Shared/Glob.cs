namespace LinuxBootSharp;

/// <summary>
/// fnmatch(3)-style glob, the one implementation behind systemd-boot's loader.conf <c>default</c>
/// (BootConfig) and board DMI match rules (Boards). Linked as source into both, which must not
/// reference each other. Supported, as fnmatch(3) with neither FNM_PATHNAME nor FNM_PERIOD:
/// <c>*</c> (any string, "/" and a leading "." included), <c>?</c> (one character),
/// <c>[abc]</c>, <c>[a-z]</c>, <c>[!x]</c> (a "]" right after "[" or "[!" is a member),
/// and <c>\</c> quoting the next character outside brackets. An unterminated "[" is a literal
/// "[", as in glibc. Not supported: POSIX classes such as <c>[[:alpha:]]</c> and "^" as a
/// negation (systemd-boot's efi_fnmatch in src/boot/efi/efi-string.c knows neither).
/// </summary>
/// <remarks>
/// Patterns come from disks (loader.conf) and profiles; a naive recursive matcher takes
/// exponential time on "*a*a*a*a*b". This one backtracks only to the most recent '*', which is
/// enough for fnmatch semantics without FNM_PATHNAME: at most (pattern + 1) × (text + 1) steps,
/// one step being one pattern element compared (<see cref="IsMatch(string, string, GlobFlags, out long)"/>
/// reports the count, for tests).
/// </remarks>
internal static class Glob
{
    /// <summary>Case-sensitive match, fnmatch(pattern, text, 0).</summary>
    public static bool IsMatch(string pattern, string text) => IsMatch(pattern, text, GlobFlags.None, out _);

    public static bool IsMatch(string pattern, string text, GlobFlags flags) => IsMatch(pattern, text, flags, out _);

    /// <param name="steps">Pattern elements compared; never more than (pattern.Length + 1) × (text.Length + 1).</param>
    public static bool IsMatch(string pattern, string text, GlobFlags flags, out long steps)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(text);
        return Match(pattern.AsSpan(), text.AsSpan(), (flags & GlobFlags.CaseFold) != 0, out steps);
    }

    private static bool Match(ReadOnlySpan<char> p, ReadOnlySpan<char> t, bool fold, out long steps)
    {
        // starP: pattern index just after the last '*' seen; starT: text index that '*' was last
        // tried to end at. On a mismatch the '*' swallows one more character and matching resumes.
        int pi = 0, ti = 0, starP = -1, starT = 0;
        steps = 0;
        while (ti < t.Length)
        {
            steps++;
            if (pi < p.Length && p[pi] == '*')
            {
                starP = ++pi;
                starT = ti;
                continue;
            }
            if (pi < p.Length && MatchOne(p, ref pi, t[ti], fold))
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
        {
            steps++;
            pi++;
        }
        return pi == p.Length;
    }

    /// <summary>Matches one pattern element (not '*') at <paramref name="pi"/> against <paramref name="c"/>, advancing past it on success.</summary>
    private static bool MatchOne(ReadOnlySpan<char> p, ref int pi, char c, bool fold)
    {
        switch (p[pi])
        {
            case '?':
                pi++;
                return true;
            case '[':
                {
                    int end = ClassEnd(p[pi..]);
                    if (end < 0)
                        break; // unterminated: a literal '['
                    if (!InClass(p.Slice(pi + 1, end - 1), c, fold))
                        return false;
                    pi += end + 1;
                    return true;
                }
            case '\\' when pi + 1 < p.Length:
                // fnmatch(3) without FNM_NOESCAPE: "\" makes the next character literal.
                if (!Same(p[pi + 1], c, fold))
                    return false;
                pi += 2;
                return true;
        }
        if (!Same(p[pi], c, fold))
            return false;
        pi++;
        return true;
    }

    /// <summary>Index of the ']' closing the bracket expression that starts <paramref name="p"/>, or -1.</summary>
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

    private static bool InClass(ReadOnlySpan<char> cls, char c, bool fold)
    {
        bool negate = !cls.IsEmpty && cls[0] == '!';
        if (negate)
            cls = cls[1..];
        char x = fold ? char.ToLowerInvariant(c) : c;
        bool hit = false;
        for (int i = 0; i < cls.Length; i++)
        {
            if (i + 2 < cls.Length && cls[i + 1] == '-')
            {
                // As glibc's fnmatch with FNM_CASEFOLD: the range ends are folded like the text.
                char lo = fold ? char.ToLowerInvariant(cls[i]) : cls[i];
                char hi = fold ? char.ToLowerInvariant(cls[i + 2]) : cls[i + 2];
                if (x >= lo && x <= hi)
                    hit = true;
                i += 2;
            }
            else if (Same(cls[i], c, fold))
            {
                hit = true;
            }
        }
        return hit != negate;
    }

    private static bool Same(char a, char b, bool fold) =>
        a == b || (fold && char.ToLowerInvariant(a) == char.ToLowerInvariant(b));
}
