using LinuxBootSharp.Tests.Shared;
using Xunit.Abstractions;

namespace LinuxBootSharp.BootConfig.Tests;

/// <summary>
/// Every BLS, syslinux and UAPI case of ../shared/corpus: passes, or is listed in
/// KnownDeviations.Bls-Syslinux.md with a reason (and then must really differ).
/// </summary>
public class BlsConformanceTests(ITestOutputHelper output)
{
    public static TheoryData<string> CaseKeys()
    {
        var data = new TheoryData<string>();
        foreach (var c in ConformanceCorpus.Cases())
            data.Add(c.Key);
        if (data.Count == 0)
            data.Add("(corpus missing)");
        return data;
    }

    [CorpusTheory]
    [MemberData(nameof(CaseKeys))]
    public void Case(string key)
    {
        var c = ConformanceCorpus.Cases().Single(x => x.Key == key);
        var failure = ConformanceCorpus.Run(c);
        var known = ConformanceCorpus.KnownDeviations();
        if (known.TryGetValue(key, out var reason))
        {
            output.WriteLine($"known deviation: {reason}");
            Assert.True(failure is not null, $"{key} is listed as a known deviation but now matches the peer: remove it from the list");
            Assert.DoesNotContain("exception", failure);
            output.WriteLine(failure);
        }
        else
        {
            Assert.True(failure is null, $"{key}: {failure}");
        }
    }

    [CorpusFact]
    public void Report()
    {
        var known = ConformanceCorpus.KnownDeviations();
        var sb = new System.Text.StringBuilder();
        sb.AppendLine("BLS / UKI / syslinux conformance against ../shared/corpus");
        var unexplained = new List<string>();
        int total = 0;
        foreach (var src in ConformanceCorpus.Sources)
        {
            var cases = ConformanceCorpus.Cases().Where(c => c.Source == src).ToList();
            int passed = 0, deviations = 0;
            var lines = new List<string>();
            foreach (var c in cases)
            {
                var f = ConformanceCorpus.Run(c);
                if (f is null)
                {
                    passed++;
                    if (known.ContainsKey(c.Key))
                        unexplained.Add($"{c.Key}: listed as a deviation but passes");
                }
                else if (known.TryGetValue(c.Key, out var why))
                {
                    deviations++;
                    lines.Add($"    deviation {c.Name}: {why}");
                }
                else
                {
                    unexplained.Add($"{c.Key}: {f}");
                    lines.Add($"    FAIL {c.Name}: {f}");
                }
            }
            total += cases.Count;
            sb.AppendLine($"{src}: {passed}/{cases.Count} passed, {deviations} known deviations (spec-following), {cases.Count - passed - deviations} failed");
            foreach (var l in lines)
                sb.AppendLine(l);
        }
        var text = sb.ToString();
        output.WriteLine(text);
        Directory.CreateDirectory(RepoPaths.Build);
        File.WriteAllText(Path.Combine(RepoPaths.Build, "conformance-bls-syslinux.txt"), text);
        Assert.True(total > 0, "no corpus cases found");
        Assert.True(unexplained.Count == 0, string.Join("\n", unexplained));
    }
}
