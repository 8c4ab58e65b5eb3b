using System.Text.Json;
using System.Text.RegularExpressions;
using LinuxBootSharp.Storage;
using LinuxBootSharp.Tests.Shared;

namespace LinuxBootSharp.BootConfig.Tests;

/// <summary>A boot option as petitboot's parser tests see it.</summary>
public sealed record PetitbootOption(string Name, string? Kernel, IReadOnlyList<string> Initrds, string Args, bool IsDefault);

/// <summary>
/// Builds the fake device of a petitboot parser test (corpus petitboot/test/parser/expected/*.json)
/// and evaluates its transcribed C checks against our options.
/// </summary>
public static class PetitbootChecks
{
    public static string DataDir => Path.Combine(RepoPaths.Corpus, "petitboot", "test", "parser");

    /// <summary>The device tree: the embedded config, data files, added files and directories.</summary>
    public static (InMemoryFileTree Tree, string? Embedded, JsonDocument Doc) BuildTree(string expectedJson)
    {
        var doc = JsonDocument.Parse(File.ReadAllText(expectedJson));
        var root = doc.RootElement;
        var tree = new InMemoryFileTree(new FileSystemIdentity { Type = "memory", Device = "petitboot" });
        string? embedded = null;
        if (root.TryGetProperty("embedded_config", out var ec) && ec.GetString() is string ep)
        {
            embedded = File.ReadAllText(Path.Combine(DataDir, ep));
            foreach (var at in root.GetProperty("conf_embedded_at").EnumerateArray())
                tree.AddFile(at.GetString()!, embedded);
        }
        foreach (var cf in root.GetProperty("conf_files").EnumerateArray())
            tree.AddFile(cf.GetProperty("at").GetString()!, File.ReadAllBytes(Path.Combine(DataDir, "data", cf.GetProperty("data_file").GetString()!)));
        foreach (var af in root.GetProperty("added_files").EnumerateArray())
            tree.AddFile(af.GetProperty("path").GetString()!, af.GetProperty("content").GetString()!);
        foreach (var ad in root.GetProperty("added_dirs").EnumerateArray())
            tree.AddDirectory(ad.GetString()!);
        return (tree, embedded, doc);
    }

    /// <summary>Runs every check line; null when all hold, else the failures.</summary>
    public static string? Evaluate(JsonDocument doc, IReadOnlyList<PetitbootOption> options)
    {
        var problems = new List<string>();
        PetitbootOption? opt = null;
        int optIndex = -1;
        foreach (var check in doc.RootElement.GetProperty("checks").EnumerateArray().Select(c => c.GetString()!))
        {
            Match m;
            if (check == "ctx = test->ctx;")
                continue;
            if ((m = Regex.Match(check, @"^check_boot_option_count\(ctx, (\d+)\);$")).Success)
            {
                int n = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                if (options.Count != n)
                    problems.Add($"{options.Count} options, expected {n}: [{string.Join(", ", options.Select(o => o.Name))}]");
            }
            else if ((m = Regex.Match(check, @"^opt = get_boot_option\(ctx, (\d+)\);$")).Success)
            {
                optIndex = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                opt = optIndex < options.Count ? options[optIndex] : null;
                if (opt is null)
                    problems.Add($"no option {optIndex} (have {options.Count})");
            }
            else if (opt is null)
            {
                if (optIndex < 0)
                    problems.Add($"check before any option: {check}");
            }
            else if ((m = Regex.Match(check, "^check_name\\(opt, \"(.*)\"\\);$")).Success)
            {
                if (opt.Name != Unescape(m.Groups[1].Value))
                    problems.Add($"option {optIndex}: name '{opt.Name}', expected '{Unescape(m.Groups[1].Value)}'");
            }
            else if ((m = Regex.Match(check, "^check_args\\(opt, \"(.*)\"\\);$")).Success)
            {
                if (opt.Args != Unescape(m.Groups[1].Value))
                    problems.Add($"option {optIndex} {opt.Name}: args '{opt.Args}', expected '{Unescape(m.Groups[1].Value)}'");
            }
            else if (check == "check_is_default(opt);")
            {
                if (!opt.IsDefault)
                    problems.Add($"option {optIndex} {opt.Name}: not the default");
            }
            else if ((m = Regex.Match(check, "^check_resolved_local_resource\\(opt->(boot_image|initrd), ctx->device, \"(.*)\"\\);$")).Success)
            {
                var want = m.Groups[2].Value;
                var got = m.Groups[1].Value == "boot_image" ? opt.Kernel : opt.Initrds.Count == 1 ? opt.Initrds[0] : string.Join(",", opt.Initrds);
                if (got != want)
                    problems.Add($"option {optIndex} {opt.Name}: {m.Groups[1].Value} '{got}', expected '{want}'");
            }
            else if (check == "check_not_present_resource(opt->initrd);")
            {
                if (opt.Initrds.Count != 0)
                    problems.Add($"option {optIndex} {opt.Name}: has initrds {string.Join(",", opt.Initrds)}");
            }
            else
            {
                problems.Add($"unsupported check: {check}");
            }
        }
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    private static string Unescape(string s) => s.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
}
