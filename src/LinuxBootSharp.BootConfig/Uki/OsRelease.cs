using System.Text;

namespace LinuxBootSharp.BootConfig.Uki;

/// <summary>
/// os-release(5) text: newline-separated KEY=VALUE assignments in a shell-compatible subset,
/// values optionally in double or single quotes, backslash escapes inside double quotes,
/// "#" comment lines.
/// </summary>
public static class OsRelease
{
    public const int MaxFields = 256;

    public static Dictionary<string, string> Parse(string text)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
                continue;
            int eq = line.IndexOf('=');
            if (eq <= 0)
                continue;
            if (d.Count >= MaxFields)
                break;
            d[line[..eq].Trim()] = Unquote(line[(eq + 1)..].Trim());
        }
        return d;
    }

    private static string Unquote(string v)
    {
        if (v.Length >= 2 && v[0] == '\'' && v[^1] == '\'')
            return v[1..^1];
        if (v.Length >= 2 && v[0] == '"' && v[^1] == '"')
        {
            var sb = new StringBuilder(v.Length);
            for (int i = 1; i < v.Length - 1; i++)
            {
                // Inside double quotes a backslash escapes $ " \ and `, as in the shell.
                if (v[i] == '\\' && i + 1 < v.Length - 1 && v[i + 1] is '$' or '"' or '\\' or '`')
                    i++;
                sb.Append(v[i]);
            }
            return sb.ToString();
        }
        return v;
    }
}
