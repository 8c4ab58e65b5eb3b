using System.Text;
using LinuxBootSharp.BootConfig.Bls;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.BootConfig.Tests;

/// <summary>
/// petitboot test-grub2-blscfg-* cases: GRUB's blscfg command over <see cref="BlsEntryLoader"/>.
/// The GRUB side is emulated only as far as these scripts go — <c>set</c>, <c>load_env</c>,
/// <c>menuentry</c> blocks (counted), <c>blscfg</c> and <c>default</c> by index, title or id —
/// with blscfg's own rules: $variables expanded in title, options and initrd; an initrd line may
/// name several files.
/// </summary>
public static class PetitbootBlscfgHarness
{
    public static string? Run(string expectedJson)
    {
        var (tree, script, doc) = PetitbootChecks.BuildTree(expectedJson);
        using (doc)
        {
            if (script is null)
                return "no embedded grub.cfg";
            var vars = new Dictionary<string, string>(StringComparer.Ordinal);
            var options = new List<(PetitbootOption Option, string? Id)>();
            var lines = script.Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                var line = lines[i].Trim();
                if (line.StartsWith("set ", StringComparison.Ordinal) && line.IndexOf('=') is int eq and > 4)
                    vars[line[4..eq].Trim()] = Expand(line[(eq + 1)..].Trim().Trim('\'', '"'), vars);
                else if (line == "load_env")
                    LoadEnv(tree, vars);
                else if (line.StartsWith("menuentry ", StringComparison.Ordinal))
                {
                    var title = line["menuentry ".Length..].Split('\'', StringSplitOptions.RemoveEmptyEntries)[0];
                    options.Add((new PetitbootOption(title, null, [], "", false), null));
                    while (i < lines.Length && lines[i].Trim() != "}")
                        i++;
                }
                else if (line == "blscfg")
                {
                    var diags = new List<Diagnostic>();
                    foreach (var dir in new[] { "/loader/entries", "/boot/loader/entries" })
                        foreach (var e in BlsEntryLoader.Load(tree, dir, diags))
                        {
                            var initrds = e.Initrds.SelectMany(v => Words(Expand(v, vars))).Select(FileTree.Normalize).ToList();
                            var opt = new PetitbootOption(Expand(e.Title ?? e.FileName, vars), e.Linux is null ? null : FileTree.Normalize(e.Linux),
                                initrds, string.Join(' ', Words(Expand(e.JoinedOptions, vars))), false);
                            options.Add((opt, e.FileName));
                        }
                }
            }
            if (vars.TryGetValue("default", out var def) && def.Length > 0)
            {
                int idx = int.TryParse(def, out var n) ? n : options.FindIndex(o => o.Option.Name == def || o.Id == def);
                if (idx >= 0 && idx < options.Count)
                    options[idx] = (options[idx].Option with { IsDefault = true }, options[idx].Id);
            }
            return PetitbootChecks.Evaluate(doc, options.Select(o => o.Option).ToList());
        }
    }

    private static IEnumerable<string> Words(string s) => s.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);

    private static void LoadEnv(IFileTree tree, Dictionary<string, string> vars)
    {
        foreach (var p in new[] { "/boot/grub2/grubenv", "/grub2/grubenv" })
        {
            if (!tree.FileExists(p))
                continue;
            foreach (var l in tree.ReadAllText(p).Split('\n'))
                if (!l.StartsWith('#') && l.IndexOf('=') is int eq and > 0)
                    vars[l[..eq]] = l[(eq + 1)..];
            return;
        }
    }

    /// <summary>$name and ${name}; unset variables expand to nothing, as in GRUB.</summary>
    private static string Expand(string s, Dictionary<string, string> vars)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] != '$')
            {
                sb.Append(s[i]);
                continue;
            }
            int start = i + 1;
            string name;
            if (start < s.Length && s[start] == '{')
            {
                int end = s.IndexOf('}', start);
                if (end < 0)
                {
                    sb.Append(s[i..]);
                    break;
                }
                name = s[(start + 1)..end];
                i = end;
            }
            else
            {
                int end = start;
                while (end < s.Length && (char.IsAsciiLetterOrDigit(s[end]) || s[end] == '_'))
                    end++;
                name = s[start..end];
                i = end - 1;
            }
            sb.Append(vars.TryGetValue(name, out var v) ? v : "");
        }
        return sb.ToString();
    }
}
