using LinuxBootSharp.Tests.Shared;
using Xunit.Abstractions;

namespace LinuxBootSharp.BootConfig.Tests;

public sealed class GrubPetitbootConformanceTests(ITestOutputHelper output)
{
    public static TheoryData<string> Cases() => new(GrubPetitbootConformance.Cases());

    [CorpusTheory]
    [MemberData(nameof(Cases))]
    public void Case_matches_petitboot_or_documented_grub_behaviour(string test)
    {
        var peer = GrubPetitbootConformance.CheckPeer(test);
        output.WriteLine($"peer checks: {peer ?? "all hold"}");
        if (peer is null)
        {
            Assert.False(GrubKnownDeviations.Contains(test), $"{test} now passes petitboot's checks: remove it from KnownDeviations.md");
            return;
        }
        Assert.True(GrubKnownDeviations.Contains(test), $"{test} fails petitboot's checks and is not in KnownDeviations.md: {peer}");
        Assert.True(GrubPetitbootConformance.GrubCorrect.TryGetValue(test, out var check), $"{test}: no GRUB-correct assertion");
        Assert.Null(check(test));
    }
}
