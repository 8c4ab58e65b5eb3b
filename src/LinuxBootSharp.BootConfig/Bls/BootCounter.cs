namespace LinuxBootSharp.BootConfig.Bls;

/// <summary>
/// The boot-counting suffix of an entry or UKI name (Boot Loader Specification, "Boot counting"):
/// "+LEFT" or "+LEFT-DONE" right before the ".conf"/".efi" suffix.
/// </summary>
public static class BootCounter
{
    /// <summary>
    /// Splits "name+3-1" (suffix already removed) into ("name", 3, 1); "name+3" gives ("name", 3, 0);
    /// a name without a well-formed counter is returned whole with nulls.
    /// </summary>
    public static (string Id, int? TriesLeft, int? TriesDone) Split(string stem)
    {
        int plus = stem.LastIndexOf('+');
        if (plus < 0)
            return (stem, null, null);
        var rest = stem.AsSpan(plus + 1);
        int dash = rest.IndexOf('-');
        var leftText = dash < 0 ? rest : rest[..dash];
        var doneText = dash < 0 ? "0".AsSpan() : rest[(dash + 1)..];
        if (!AllDigits(leftText) || !AllDigits(doneText))
            return (stem, null, null);
        // Counters are small in practice; an absurd width saturates instead of overflowing.
        return (stem[..plus], ParseSaturating(leftText), ParseSaturating(doneText));
    }

    private static bool AllDigits(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty || s.Length > 64)
            return false;
        foreach (var c in s)
            if (!char.IsAsciiDigit(c))
                return false;
        return true;
    }

    private static int ParseSaturating(ReadOnlySpan<char> s)
    {
        long v = 0;
        foreach (var c in s)
        {
            v = v * 10 + (c - '0');
            if (v > int.MaxValue)
                return int.MaxValue;
        }
        return (int)v;
    }
}
