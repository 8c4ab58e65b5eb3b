using System.Text.Json;
using LinuxBootSharp.BootConfig.Grub;
using LinuxBootSharp.Storage;
using LinuxBootSharp.Tests.Shared;

namespace LinuxBootSharp.BootConfig.Tests;

/// <summary>
/// u-root pkg/boot/grub testdata_new: each &lt;case&gt;.json lists, in menu order, what u-root's
/// parser produced for the partition(s) in &lt;case&gt;/ (several for "_sda1"/"_sda2" cases). We
/// compare title, kernel, first initrd, command line and image type; where GRUB itself behaves
/// differently the case is in KnownDeviations.md and <see cref="GrubCorrect"/> holds the
/// GRUB-correct assertion instead.
/// </summary>
public static class GrubUrootConformance
{
    public static string Dir => Path.Combine(RepoPaths.Corpus, "u-root", "pkg", "boot", "grub", "testdata_new");

    public static IEnumerable<string> Cases() =>
        RepoPaths.HasCorpus ? Directory.GetFiles(Dir, "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)! : [];

    /// <summary>Every partition of a case: the case directory plus its "_sdaN" siblings.</summary>
    public static (IFileTree Home, List<IFileTree> Volumes) Volumes(string name)
    {
        var home = GrubTestSupport.CaseVolume(Path.Combine(Dir, name));
        var volumes = new List<IFileTree> { home };
        int sd = name.LastIndexOf("_sda", StringComparison.Ordinal);
        if (sd > 0)
        {
            var stem = name[..(sd + 4)];
            foreach (var d in Directory.GetDirectories(Dir, Path.GetFileName(stem) + "*").Order(StringComparer.Ordinal))
                if (Path.GetFileName(d) != name)
                    volumes.Add(GrubTestSupport.CaseVolume(d));
        }
        return (home, volumes);
    }

    public static List<BootEntry> Run(string name)
    {
        var (home, volumes) = Volumes(name);
        var path = GrubParser.FindConfig(home) ?? throw new InvalidOperationException($"{name}: no grub.cfg found");
        return new GrubParser().Evaluate(home, volumes, path).Result.Entries;
    }

    private static string Location(FileRef? f) => f is null ? "(none)" : $"{f.Tree.Identity.Device}{f.Path}";

    private static string UrlLocation(JsonElement e) =>
        e.TryGetProperty("url", out var u) ? u.GetString()!.Replace("file:///testdata_new/", "", StringComparison.Ordinal) : "(none)";

    /// <summary>Compares with u-root's recorded output; null when equal, else what differs.</summary>
    public static string? CompareWithPeer(string name, List<BootEntry> entries)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, name + ".json")));
        var expected = doc.RootElement.EnumerateArray().ToList();
        // u-root lists the default entry first; GRUB's menu order is the config's. Compare in u-root's order.
        var ordered = entries.Where(e => e.IsDefault).Concat(entries.Where(e => !e.IsDefault)).ToList();
        var problems = new List<string>();
        if (expected.Count != ordered.Count)
            problems.Add($"{ordered.Count} entries, u-root has {expected.Count}");
        for (int i = 0; i < Math.Min(expected.Count, ordered.Count); i++)
        {
            var x = expected[i];
            var e = ordered[i];
            string type = x.GetProperty("image_type").GetString()!;
            if (x.GetProperty("name").GetString() != e.Title)
                problems.Add($"[{i}] title '{e.Title}', u-root '{x.GetProperty("name").GetString()}'");
            if (UrlLocation(x.GetProperty("kernel")) != Location(e.Kernel))
                problems.Add($"[{i}] kernel {Location(e.Kernel)}, u-root {UrlLocation(x.GetProperty("kernel"))}");
            if (type == "linux")
            {
                var xi = x.TryGetProperty("initrd", out var ie) ? UrlLocation(ie) : "(none)";
                var ei = e.Initrds.Count == 0 ? "(none)" : Location(e.Initrds[0]);
                if (xi != ei)
                    problems.Add($"[{i}] initrd {ei}, u-root {xi}");
                if (e.NotBootableReason is not null)
                    problems.Add($"[{i}] not bootable: {e.NotBootableReason}");
                if (x.GetProperty("cmdline").GetString() != e.Cmdline)
                    problems.Add($"[{i}] cmdline '{e.Cmdline}', u-root '{x.GetProperty("cmdline").GetString()}'");
            }
            else
            {
                // multiboot: not kexec-bootable for us; the modules must still be the ones u-root found.
                if (e.NotBootableReason?.StartsWith("multiboot", StringComparison.Ordinal) != true)
                    problems.Add($"[{i}] expected a multiboot entry, got reason '{e.NotBootableReason}'");
                var xm = x.GetProperty("modules").EnumerateArray().Select(m => UrlLocation(m)).ToList();
                var em = e.Properties.Where(p => p.Key.StartsWith("grub.module", StringComparison.Ordinal)).OrderBy(p => p.Key, StringComparer.Ordinal)
                    .Select(p => p.Value.Split(' ')[0].Replace(":", "", StringComparison.Ordinal)).ToList();
                if (!xm.SequenceEqual(em))
                    problems.Add($"[{i}] modules [{string.Join(", ", em)}], u-root [{string.Join(", ", xm)}]");
                if (x.GetProperty("cmdline").GetString() != e.Cmdline)
                    problems.Add($"[{i}] cmdline '{e.Cmdline}', u-root '{x.GetProperty("cmdline").GetString()}'");
            }
        }
        return problems.Count == 0 ? null : string.Join("; ", problems.Take(8)) + (problems.Count > 8 ? $"; ... {problems.Count - 8} more" : "");
    }

    /// <summary>GRUB-correct assertions for the cases listed in KnownDeviations.md; null when they hold.</summary>
    public static readonly Dictionary<string, Func<List<BootEntry>, string?>> GrubCorrect = new(StringComparer.Ordinal)
    {
        // "[ ${iso_path} ]" with iso_path unset is "[ ]", which GRUB's test.c evaluates as true, so
        // loopback="findiso="; it is not exported, so inside a submenu "${loopback}" is an empty
        // argument and the command line ends in a space (lib/cmdline.c keeps the separator).
        ["debian_9_install"] = entries =>
            CompareIgnoring(entries, "debian_9_install", (x, e) =>
                x.Replace("${loopback}", e.SubmenuPath.Count == 0 ? "findiso=" : "", StringComparison.Ordinal)),
        // Unquoted "\x20" is an escaped "x" to GRUB's lexer: the backslash goes (execute.c wildcard_unescape).
        ["CentOS_7_x86_64_DVD_1810"] = entries =>
            CompareIgnoring(entries, "CentOS_7_x86_64_DVD_1810", (x, _) => x.Replace("\\x20", "x20", StringComparison.Ordinal)),
        // xen_rm_opts is set inside each entry before multiboot runs, so GRUB expands it.
        ["qubes_3_2_boot"] = entries =>
            CompareIgnoring(entries, "qubes_3_2_boot", (x, _) => x.Replace("placeholder ${xen_rm_opts}", "placeholder no-real-mode edd=off", StringComparison.Ordinal)),
    };

    private static string? CompareIgnoring(List<BootEntry> entries, string name, Func<string, BootEntry, string> cmdline)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, name + ".json")));
        var ordered = entries.Where(e => e.IsDefault).Concat(entries.Where(e => !e.IsDefault)).ToList();
        var expected = doc.RootElement.EnumerateArray().ToList();
        if (expected.Count != ordered.Count)
            return $"{ordered.Count} entries, expected {expected.Count}";
        for (int i = 0; i < expected.Count; i++)
        {
            var want = cmdline(expected[i].GetProperty("cmdline").GetString()!, ordered[i]);
            if (ordered[i].Cmdline != want)
                return $"[{i}] cmdline '{ordered[i].Cmdline}', GRUB-correct '{want}'";
            if (expected[i].GetProperty("name").GetString() != ordered[i].Title)
                return $"[{i}] title '{ordered[i].Title}'";
            if (UrlLocation(expected[i].GetProperty("kernel")) != Location(ordered[i].Kernel))
                return $"[{i}] kernel {Location(ordered[i].Kernel)}";
        }
        return null;
    }
}
