using System.Text.Json;
using System.Text.RegularExpressions;
using LinuxBootSharp.BootConfig.Bls;
using LinuxBootSharp.BootConfig.Syslinux;
using LinuxBootSharp.Storage;
using LinuxBootSharp.Tests.Shared;

namespace LinuxBootSharp.BootConfig.Tests;

/// <summary>One peer-recorded conformance case from ../shared/corpus.</summary>
public sealed record ConformanceCase(string Source, string Name, string Path)
{
    public string Key => $"{Source}/{Name}";

    public override string ToString() => Key;
}

/// <summary>
/// Runs the BLS, syslinux and UAPI cases of the shared corpus against our parsers. A case passes
/// when our output equals the peer's recorded output after the documented comparison rules of
/// KnownDeviations.Bls-Syslinux.md; a case that still differs must be listed there with a reason.
/// </summary>
public static class ConformanceCorpus
{
    public const string UrootBls = "u-root-bls";
    public const string UrootSyslinux = "u-root-syslinux";
    public const string PetitbootSyslinux = "petitboot-syslinux";
    public const string PetitbootBlscfg = "petitboot-blscfg";
    public const string UapiVectors = "uapi-version-vectors";

    public static readonly string[] Sources = [UrootBls, UrootSyslinux, PetitbootSyslinux, PetitbootBlscfg, UapiVectors];

    public static string DeviationsFile => System.IO.Path.Combine(RepoPaths.Root, "tests", "LinuxBootSharp.BootConfig.Tests", "KnownDeviations.Bls-Syslinux.md");

    public static List<ConformanceCase> Cases()
    {
        var list = new List<ConformanceCase>();
        if (!RepoPaths.HasCorpus)
            return list;
        var c = RepoPaths.Corpus;
        foreach (var (src, dir) in new[] { (UrootBls, "u-root/pkg/boot/bls/testdata"), (UrootSyslinux, "u-root/pkg/boot/syslinux/testdata") })
            foreach (var json in Directory.GetFiles(System.IO.Path.Combine(c, dir), "*.json").OrderBy(f => f, StringComparer.Ordinal))
                list.Add(new ConformanceCase(src, System.IO.Path.GetFileNameWithoutExtension(json), json));
        foreach (var json in Directory.GetFiles(System.IO.Path.Combine(c, "petitboot/test/parser/expected"), "test-*.json").OrderBy(f => f, StringComparer.Ordinal))
        {
            var name = System.IO.Path.GetFileNameWithoutExtension(json);
            if (name.StartsWith("test-syslinux-", StringComparison.Ordinal))
                list.Add(new ConformanceCase(PetitbootSyslinux, name, json));
            else if (name.StartsWith("test-grub2-blscfg-", StringComparison.Ordinal))
                list.Add(new ConformanceCase(PetitbootBlscfg, name, json));
        }
        var vectors = System.IO.Path.Combine(c, "uapi-specifications/specs/version_compare_vectors.json");
        using (var doc = JsonDocument.Parse(File.ReadAllText(vectors)))
        {
            int i = 0;
            foreach (var _ in doc.RootElement.GetProperty("cases").EnumerateArray())
                list.Add(new ConformanceCase(UapiVectors, $"vector-{++i:00}", vectors));
        }
        return list;
    }

    /// <summary>Case key → reason, from the "## Cases" list of KnownDeviations.Bls-Syslinux.md.</summary>
    public static Dictionary<string, string> KnownDeviations()
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(DeviationsFile))
            return d;
        bool inCases = false;
        foreach (var line in File.ReadLines(DeviationsFile))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
                inCases = line.Trim() == "## Cases";
            var m = Regex.Match(line, @"^- `([^`]+)`: (.+)$");
            if (inCases && m.Success)
                d[m.Groups[1].Value] = m.Groups[2].Value.Trim();
        }
        return d;
    }

    /// <summary>Null when the case passes, else what differs.</summary>
    public static string? Run(ConformanceCase c)
    {
        try
        {
            return c.Source switch
            {
                UrootBls => UrootCase(c, (tree) => new BlsParser("x64").Parse(tree, [tree]), blsNames: true),
                UrootSyslinux => UrootCase(c, (tree) => new SyslinuxParser().Parse(tree, [tree]), blsNames: false),
                PetitbootSyslinux => PetitbootSyslinuxHarness.Run(c.Path),
                PetitbootBlscfg => PetitbootBlscfgHarness.Run(c.Path),
                UapiVectors => Vector(c),
                _ => $"unknown source {c.Source}",
            };
        }
        catch (Exception e)
        {
            return $"exception: {e.GetType().Name}: {e.Message}";
        }
    }

    private static string? Vector(ConformanceCase c)
    {
        int index = int.Parse(c.Name["vector-".Length..], System.Globalization.CultureInfo.InvariantCulture) - 1;
        using var doc = JsonDocument.Parse(File.ReadAllText(c.Path));
        var v = doc.RootElement.GetProperty("cases")[index];
        string a = v.GetProperty("a").GetString()!, op = v.GetProperty("op").GetString()!, b = v.GetProperty("b").GetString()!;
        int want = op switch { "<" => -1, "==" => 0, _ => 1 };
        int got = Math.Sign(UapiVersion.Compare(a, b));
        return got == want ? null : $"compare('{a}', '{b}') = {got}, expected {op}";
    }

    /// <summary>
    /// u-root case: the JSON lists the images u-root would offer, in its menu order. Rules applied
    /// (see KnownDeviations): default-first, caret, initrd-arg, whitespace, bls-title-version,
    /// bootable-only.
    /// </summary>
    private static string? UrootCase(ConformanceCase c, Func<IFileTree, ConfigParseResult> parse, bool blsNames)
    {
        var dir = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(c.Path)!, c.Name);
        var tree = new DirectoryFileTree(dir);
        var result = parse(tree);
        // Rule bootable-only: u-root lists only what it can boot (Linux and multiboot images).
        var ours = result.Entries.Where(e => e.IsBootable || e.Properties.ContainsKey("multiboot")).ToList();
        // Rule default-first: u-root puts the default entry first; ranking does that for us later.
        var def = ours.FirstOrDefault(e => e.IsDefault);
        if (def is not null)
        {
            ours.Remove(def);
            ours.Insert(0, def);
        }
        using var doc = JsonDocument.Parse(File.ReadAllText(c.Path));
        var expected = doc.RootElement.EnumerateArray().ToList();
        var problems = new List<string>();
        if (expected.Count != ours.Count)
            problems.Add($"{ours.Count} entries, expected {expected.Count}: ours [{string.Join(", ", ours.Select(e => e.Title))}]");
        for (int i = 0; i < Math.Min(expected.Count, ours.Count); i++)
        {
            var x = expected[i];
            var e = ours[i];
            var name = x.GetProperty("name").GetString()!.Replace("^", "", StringComparison.Ordinal); // rule caret
            var title = blsNames && e.Version is not null ? $"{e.Title} {e.Version}" : e.Title; // rule bls-title-version
            if (name != title)
                problems.Add($"#{i}: name '{title}', expected '{name}'");
            var cmd = NormalizeCmdline(x.GetProperty("cmdline").GetString() ?? "");
            var ourCmd = NormalizeCmdline(e.Cmdline); // rules initrd-arg and whitespace apply to both sides
            if (cmd != ourCmd)
                problems.Add($"#{i} {title}: cmdline '{ourCmd}', expected '{cmd}'");
            var k = FilePath(x.GetProperty("kernel"), c.Name);
            if (k != e.Kernel?.Path)
                problems.Add($"#{i} {title}: kernel {e.Kernel?.Path}, expected {k}");
            string? initrd = x.TryGetProperty("initrd", out var ir) ? FilePath(ir, c.Name) : null;
            var ourInitrds = string.Join(",", e.Initrds.Select(r => r.Path));
            if ((initrd ?? "") != ourInitrds)
                problems.Add($"#{i} {title}: initrds '{ourInitrds}', expected '{initrd}'");
            if (x.GetProperty("image_type").GetString() == "multiboot")
            {
                if (!e.Properties.ContainsKey("multiboot"))
                    problems.Add($"#{i} {title}: expected a multiboot image");
                int m = 0;
                foreach (var mod in x.TryGetProperty("modules", out var mods) ? mods.EnumerateArray() : Enumerable.Empty<JsonElement>())
                {
                    m++;
                    var mc = mod.GetProperty("cmdline").GetString();
                    var mf = FilePath(mod, c.Name);
                    e.Properties.TryGetValue($"multiboot-module-{m}", out var oc);
                    e.Properties.TryGetValue($"multiboot-module-{m}-file", out var of);
                    if (mc != oc || mf != of)
                        problems.Add($"#{i} {title}: module {m} '{oc}' {of}, expected '{mc}' {mf}");
                }
            }
        }
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    /// <summary>Rules initrd-arg and whitespace: initrd= arguments removed, single spaces.</summary>
    public static string NormalizeCmdline(string s) => SyslinuxCommandLine.ExtractInitrds(s).Cmdline;

    /// <summary>"file://testdata/&lt;case&gt;/a/b" or "testdata/&lt;case&gt;/a/b" → "/a/b".</summary>
    private static string? FilePath(JsonElement file, string caseName)
    {
        var s = file.TryGetProperty("url", out var u) ? u.GetString() : file.TryGetProperty("name", out var n) ? n.GetString() : null;
        if (s is null)
            return null;
        var marker = "/" + caseName + "/";
        int at = s.IndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? s : s[(at + marker.Length - 1)..];
    }
}
