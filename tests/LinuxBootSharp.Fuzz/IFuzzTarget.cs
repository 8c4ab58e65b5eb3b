namespace LinuxBootSharp.Fuzz;

/// <summary>
/// One parser under fuzz. <see cref="Run"/> feeds it an input; a failure is any exception for
/// which <see cref="IsExpected"/> is false (the parser's own format exception is expected),
/// a run over the time limit, or runaway allocation (both checked by the driver).
/// </summary>
public interface IFuzzTarget
{
    string Name { get; }

    /// <summary>Valid inputs the mutator starts from.</summary>
    IEnumerable<byte[]> Seeds();

    void Run(byte[] input);

    bool IsExpected(Exception e);
}
