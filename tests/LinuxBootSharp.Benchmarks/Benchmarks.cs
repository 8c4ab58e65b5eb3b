namespace LinuxBootSharp.Benchmarks;

/// <summary>Every benchmark group; add one line per group.</summary>
public static class Benchmarks
{
    public static IReadOnlyList<IBenchmark> All { get; } =
    [
        new BootChainBench(),
        new HostKexecBench(),
        new MenuBench(),
        // groups are added here
        new StorageBench(),
        new XfsIsoBench(),
        new GrubBench(),
    ];
}
