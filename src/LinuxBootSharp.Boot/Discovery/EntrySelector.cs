using System.Globalization;
using LinuxBootSharp.BootConfig;

namespace LinuxBootSharp.Boot.Discovery;

/// <summary>
/// `lbs boot ENTRY`: which entry of a scan ENTRY names. A number is the row number `lbs scan`
/// prints (1-based, in menu order). Otherwise it is a GRUB-style path: components separated by
/// '>' ("&gt;&gt;" is a literal '&gt;', grub-core/normal/menu.c menuentry_eq), each matching the
/// submenu title at its level, the last one matching the entry's id or title — what `default`
/// and grub-reboot take. A single component matches a top-level entry first, then any entry by
/// id (ids are meant to be unique), then any entry by title. Several matches are an error that
/// lists them: booting the wrong one of two disks' "Debian" is worse than asking.
/// </summary>
public static class EntrySelector
{
    public static BootEntry Select(IReadOnlyList<BootEntry> entries, string spec)
    {
        if (spec.Length > 0 && spec.All(char.IsAsciiDigit))
        {
            if (int.TryParse(spec, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= entries.Count)
                return entries[n - 1];
            throw new EntrySelectionException($"entry {spec}: the scan lists {entries.Count} entries (numbers 1-{entries.Count})");
        }
        var parts = Split(spec);
        var last = parts[^1];
        var path = parts[..^1];
        List<BootEntry> hits;
        if (path.Count > 0)
        {
            hits = entries.Where(e => e.SubmenuPath.SequenceEqual(path) && (e.Id == last || e.Title == last)).ToList();
        }
        else
        {
            hits = entries.Where(e => e.SubmenuPath.Count == 0 && (e.Id == last || e.Title == last)).ToList();
            if (hits.Count == 0)
                hits = entries.Where(e => e.Id == last).ToList();
            if (hits.Count == 0)
                hits = entries.Where(e => e.Title == last).ToList();
        }
        // People copy the table's "A > B" form: try it with the spaces around '>' dropped.
        if (hits.Count == 0 && spec.Contains(" > ", StringComparison.Ordinal))
            return Select(entries, spec.Replace(" > ", ">", StringComparison.Ordinal));
        if (hits.Count == 1)
            return hits[0];
        if (hits.Count == 0)
            throw new EntrySelectionException($"no entry '{spec}' (by number, id, title or submenu>title path; 'lbs scan' lists them)");
        var list = string.Join("; ", hits.Select(h => $"#{(IndexOf(entries, h) + 1).ToString(CultureInfo.InvariantCulture)} {h.Source} {h.SourceFile}"));
        throw new EntrySelectionException($"'{spec}' names {hits.Count} entries ({list}): give its number");
    }

    private static int IndexOf(IReadOnlyList<BootEntry> entries, BootEntry e)
    {
        for (int i = 0; i < entries.Count; i++)
            if (ReferenceEquals(entries[i], e))
                return i;
        return -1;
    }

    private static List<string> Split(string spec)
    {
        var parts = new List<string>();
        var cur = new System.Text.StringBuilder();
        for (int i = 0; i < spec.Length; i++)
        {
            if (spec[i] != '>')
            {
                cur.Append(spec[i]);
                continue;
            }
            if (i + 1 < spec.Length && spec[i + 1] == '>')
            {
                cur.Append('>');
                i++;
                continue;
            }
            parts.Add(cur.ToString());
            cur.Clear();
        }
        parts.Add(cur.ToString());
        return parts;
    }
}

/// <summary>ENTRY named nothing, or more than one entry.</summary>
public sealed class EntrySelectionException(string message) : Exception(message);
