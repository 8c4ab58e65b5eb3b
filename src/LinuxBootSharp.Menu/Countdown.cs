namespace LinuxBootSharp.Menu;

/// <summary>Time left before the default entry boots; stopped for good by the first key.</summary>
internal sealed class Countdown
{
    public Countdown(TimeSpan? timeout)
    {
        Running = timeout is { } t && t != System.Threading.Timeout.InfiniteTimeSpan && t >= TimeSpan.Zero;
        Remaining = Running ? timeout!.Value : TimeSpan.Zero;
    }

    public bool Running { get; private set; }

    public TimeSpan Remaining { get; private set; }

    public bool Expired => Running && Remaining <= TimeSpan.Zero;

    /// <summary>Whole seconds left, rounded up, so "1s" shows until the very end.</summary>
    public int SecondsShown => (int)Math.Ceiling(Remaining.TotalSeconds);

    /// <summary>Returns true when the shown number of seconds changed.</summary>
    public bool Advance(TimeSpan elapsed)
    {
        if (!Running || elapsed <= TimeSpan.Zero) return false;
        int before = SecondsShown;
        Remaining = Remaining > elapsed ? Remaining - elapsed : TimeSpan.Zero;
        return SecondsShown != before;
    }

    /// <summary>Returns true when it was running.</summary>
    public bool Stop()
    {
        bool was = Running;
        Running = false;
        return was;
    }
}
