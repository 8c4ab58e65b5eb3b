using System.Text;
using LinuxBootSharp.Tests.Shared;
using Xunit.Abstractions;

namespace LinuxBootSharp.BootConfig.Tests;

/// <summary>
/// Prints passed/total per corpus source to the test output and to build/conformance-grub.txt.
/// A case counts as passed when it equals the peer's recorded output, or when it is listed in
/// KnownDeviations.md and our GRUB-correct assertion for it holds. Fails on any other case.
/// </summary>
public sealed class GrubConformanceReport(ITestOutputHelper output)
{
    private sealed record Row(string Source, string Case, bool Exact, bool Documented, string? Problem);

    [CorpusFact]
    public void Every_corpus_case_passes_or_is_a_documented_grub_deviation()
    {
        var rows = new List<Row>();
        void Add(string source, string name, string? peer, Func<string?>? grubCorrect)
        {
            if (peer is null)
            {
                rows.Add(new Row(source, name, true, false, GrubKnownDeviations.Contains(name) ? "listed in KnownDeviations.md but equals the peer" : null));
                return;
            }
            if (!GrubKnownDeviations.Contains(name) || grubCorrect is null)
            {
                rows.Add(new Row(source, name, false, false, peer));
                return;
            }
            var problem = grubCorrect();
            rows.Add(new Row(source, name, false, problem is null, problem is null ? null : $"GRUB-correct check failed: {problem}"));
        }

        foreach (var c in GrubUrootConformance.Cases())
        {
            var entries = GrubUrootConformance.Run(c);
            Add("u-root grub testdata_new", c, GrubUrootConformance.CompareWithPeer(c, entries),
                GrubUrootConformance.GrubCorrect.TryGetValue(c, out var f) ? () => f(entries) : null);
        }
        foreach (var c in GrubPetitbootConformance.Cases())
            Add("petitboot grub2", c, GrubPetitbootConformance.CheckPeer(c),
                GrubPetitbootConformance.GrubCorrect.TryGetValue(c, out var f) ? () => f(c) : null);
        foreach (var c in GrubEnvCases.All())
        {
            var key = "test-grub2-save-env/" + c.Name;
            var got = GrubEnvCases.Run(c);
            Add("petitboot env_cases", key, got == c.After ? null : "block differs",
                GrubEnvCases.GrubCorrect.TryGetValue(key, out var f) ? () => got == f(c) ? null : "block differs from envblk.c's result" : null);
        }
        foreach (var c in GrubEchoScripts.Cases())
            Add("u-root grub testdata (echo)", c, GrubEchoScripts.Compare(c), null);

        var sb = new StringBuilder();
        sb.AppendLine("GRUB conformance (passed = equal to the peer, or a documented GRUB deviation whose GRUB-correct check holds)");
        foreach (var g in rows.GroupBy(r => r.Source))
        {
            int pass = g.Count(r => r.Problem is null && (r.Exact || r.Documented));
            sb.AppendLine($"{g.Key}: {pass}/{g.Count()} passed ({g.Count(r => r.Exact && r.Problem is null)} equal to the peer, {g.Count(r => r.Documented)} documented deviations)");
        }
        foreach (var r in rows.Where(r => r.Problem is not null))
            sb.AppendLine($"FAIL {r.Source} {r.Case}: {r.Problem}");
        var text = sb.ToString();
        output.WriteLine(text);
        Directory.CreateDirectory(RepoPaths.Build);
        File.WriteAllText(Path.Combine(RepoPaths.Build, "conformance-grub.txt"), text);
        Assert.DoesNotContain(rows, r => r.Problem is not null);
    }
}
