using LinuxBootSharp.Tests.Shared;
using Xunit.Abstractions;

namespace LinuxBootSharp.BootConfig.Tests;

public sealed class GrubUrootConformanceTests(ITestOutputHelper output)
{
    public static TheoryData<string> Cases() => new(GrubUrootConformance.Cases());

    [CorpusTheory]
    [MemberData(nameof(Cases))]
    public void Case_matches_uroot_or_documented_grub_behaviour(string name)
    {
        var entries = GrubUrootConformance.Run(name);
        var peer = GrubUrootConformance.CompareWithPeer(name, entries);
        output.WriteLine($"peer comparison: {peer ?? "equal"}");
        if (peer is null)
        {
            Assert.False(GrubKnownDeviations.Contains(name), $"{name} now equals u-root's output: remove it from KnownDeviations.md");
            return;
        }
        Assert.True(GrubKnownDeviations.Contains(name), $"{name} differs from u-root and is not in KnownDeviations.md: {peer}");
        Assert.True(GrubUrootConformance.GrubCorrect.TryGetValue(name, out var check), $"{name}: no GRUB-correct assertion");
        Assert.Null(check(entries));
    }
}
