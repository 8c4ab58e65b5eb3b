using Xunit.Abstractions;

namespace LinuxBootSharp.IntegrationTests;

/// <summary>Runs only under `make soak` (LBS_SOAK=N): long repetitions that `make test` has no time for.</summary>
public sealed class SoakFactAttribute : FactAttribute
{
    public SoakFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("LBS_SOAK") is not { Length: > 0 })
            Skip = "soak test: run with `make soak` (LBS_SOAK=N boots)";
    }
}

public sealed class SoakTests(ITestOutputHelper output)
{
    private static int Rounds => int.TryParse(Environment.GetEnvironmentVariable("LBS_SOAK"), out var n) && n > 0 ? n : 10;

    /// <summary>Boot → menu → autoboot → kexec → target, again and again: every round must reach the target.</summary>
    [SoakFact]
    public void RepeatedAutobootsAllReachTheTarget()
    {
        var args = DiskSet.QemuArgs();
        for (int i = 0; i < Rounds; i++)
        {
            using var vm = new QemuMachine(Artifacts.Kernel, Artifacts.Initramfs, "console=ttyS0 panic=-1 quiet", args);
            vm.WaitFor(@"LBS-TARGET-CMDLINE:.*lbs\.marker=debian-default");
            vm.WaitFor("LBS-TARGET-DONE");
            vm.WaitForExit();
            Assert.DoesNotContain("Kernel panic", vm.Output);
            output.WriteLine($"round {i + 1}/{Rounds}: ok");
        }
    }
}
