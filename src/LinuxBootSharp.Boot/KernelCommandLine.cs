using System.Text;

namespace LinuxBootSharp.Boot;

/// <summary>
/// A kernel command line split into parameters the way the kernel splits it
/// (lib/cmdline.c next_arg(): whitespace separates, double quotes group, and quotes around a
/// value or a whole parameter are removed), plus the edits a board profile applies.
/// </summary>
public sealed class KernelCommandLine
{
    public KernelCommandLine(string text)
    {
        Text = text.Trim();
        Parameters = SplitRaw(Text).Select(ParseOne).ToList();
    }

    public string Text { get; }

    /// <summary>Raw parameters as written (quotes kept), for editing without changing what the user wrote.</summary>
    public static List<string> SplitRaw(string text)
    {
        var list = new List<string>();
        var cur = new StringBuilder();
        bool inQuote = false;
        foreach (var c in text)
        {
            if (c == '"')
                inQuote = !inQuote;
            if (char.IsWhiteSpace(c) && !inQuote)
            {
                if (cur.Length > 0)
                {
                    list.Add(cur.ToString());
                    cur.Clear();
                }
                continue;
            }
            cur.Append(c);
        }
        if (cur.Length > 0)
            list.Add(cur.ToString());
        return list;
    }

    /// <summary>(name, value) pairs; value is null for a bare flag. Quotes removed as next_arg() does.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Parameters { get; }

    private static KeyValuePair<string, string?> ParseOne(string raw)
    {
        var a = raw;
        if (a.Length >= 2 && a[0] == '"' && a[^1] == '"')
            a = a[1..^1];
        else if (a.Length >= 1 && a[0] == '"')
            a = a[1..];
        int eq = a.IndexOf('=');
        if (eq < 0)
            return new(a, null);
        var name = a[..eq];
        var val = a[(eq + 1)..];
        if (val.Length > 0 && val[0] == '"')
        {
            val = val[1..];
            if (val.Length > 0 && val[^1] == '"')
                val = val[..^1];
        }
        return new(name, val);
    }

    /// <summary>Value of the last occurrence of <paramref name="name"/> (the kernel's rule for most options).</summary>
    public string? Get(string name) => Parameters.LastOrDefault(p => p.Key == name).Value;

    public bool Has(string name) => Parameters.Any(p => p.Key == name);

    /// <summary>All values of a repeatable parameter, in order (console=, lbs.initrd=).</summary>
    public IReadOnlyList<string> GetAll(string name) =>
        Parameters.Where(p => p.Key == name && p.Value is not null).Select(p => p.Value!).ToList();

    /// <summary>Removes every parameter whose name is in <paramref name="names"/> or starts with one ending in '.' or '*'.</summary>
    public static string Remove(string cmdline, IEnumerable<string> names)
    {
        var set = names.ToList();
        bool Drop(string raw)
        {
            var n = ParseOne(raw).Key;
            return set.Any(s => s.EndsWith('*') ? n.StartsWith(s[..^1], StringComparison.Ordinal) : n == s);
        }
        return string.Join(' ', SplitRaw(cmdline).Where(r => !Drop(r)));
    }

    /// <summary>Appends parameters, separated by single spaces; one already present verbatim is not repeated.</summary>
    public static string Append(string cmdline, IEnumerable<string> extra)
    {
        var parts = new List<string>();
        if (cmdline.Trim().Length > 0)
            parts.Add(cmdline.Trim());
        var present = new HashSet<string>(SplitRaw(cmdline), StringComparer.Ordinal);
        foreach (var e in extra)
        {
            var t = e.Trim();
            if (t.Length > 0 && present.Add(t))
                parts.Add(t);
        }
        return string.Join(' ', parts);
    }
}
