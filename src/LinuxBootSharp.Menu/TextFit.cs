using System.Text;

namespace LinuxBootSharp.Menu;

/// <summary>Makes untrusted text (titles and cmdlines come from configs on disk) safe and sized for one terminal row.</summary>
public static class TextFit
{
    /// <summary>ASCII, because the Linux VT's default font and many serial terminals lack U+2026.</summary>
    public const string Ellipsis = "...";

    /// <summary>
    /// Replaces C0 controls, DEL and C1 controls with '?' (tab with a space). A title holding ESC or
    /// CSI (0x9B, ECMA-48 §5.3) could otherwise move the cursor or reprogram the terminal.
    /// </summary>
    public static string Clean(string text)
    {
        int i = 0;
        while (i < text.Length && !IsControl(text[i])) i++;
        if (i == text.Length) return text;
        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
            sb.Append(c == '\t' ? ' ' : IsControl(c) ? '?' : c);
        return sb.ToString();
    }

    private static bool IsControl(char c) => c < 0x20 || (c >= 0x7f && c <= 0x9f);

    /// <summary>At most <paramref name="width"/> chars; longer text ends in "...".</summary>
    public static string Truncate(string text, int width)
    {
        if (width <= 0) return "";
        if (text.Length <= width) return text;
        if (width <= Ellipsis.Length) return text[..width];
        int keep = width - Ellipsis.Length;
        // Never split a surrogate pair.
        if (char.IsHighSurrogate(text[keep - 1])) keep--;
        return string.Concat(text.AsSpan(0, keep), Ellipsis);
    }

    /// <summary>Splits into rows of at most <paramref name="width"/> chars; rows after the first are indented by <paramref name="indent"/> spaces.</summary>
    public static List<string> Wrap(string text, int width, int indent)
    {
        var rows = new List<string>();
        if (text.Length <= width || width <= indent + 1)
        {
            rows.Add(width > 0 && text.Length > width ? text[..width] : text);
            return rows;
        }
        rows.Add(text[..width]);
        string pad = new(' ', indent);
        int step = width - indent;
        for (int at = width; at < text.Length; at += step)
            rows.Add(pad + text.Substring(at, Math.Min(step, text.Length - at)));
        return rows;
    }
}
