namespace LinuxBootSharp.Benchmarks;

/// <summary>One printed result line of <c>make bench</c>: a measured value and, where there is one,
/// the baseline measured in the same run and the budget it is held to.</summary>
public sealed record BenchRow(string Name, double Value, string Unit, double? Baseline = null, string? BaselineName = null, string? Budget = null, string? Note = null)
{
    public double? Ratio => Baseline is double b && b != 0 ? Value / b : null;
}

/// <summary>A group of measurements. <paramref name="work"/> is a scratch directory (build/bench).</summary>
public interface IBenchmark
{
    string Name { get; }

    IEnumerable<BenchRow> Run(string work);
}
