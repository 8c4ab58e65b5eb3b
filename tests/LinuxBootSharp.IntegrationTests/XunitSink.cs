namespace LinuxBootSharp.IntegrationTests;

/// <summary>Console lines into the xunit test output.</summary>
public sealed class XunitSink(Xunit.Abstractions.ITestOutputHelper output) : ITestOutputHelperSink
{
    public void WriteLine(string line)
    {
        try
        {
            output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test already finished; late console lines are dropped.
        }
    }
}
