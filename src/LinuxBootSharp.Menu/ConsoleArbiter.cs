namespace LinuxBootSharp.Menu;

/// <summary>
/// With the menu on every console= device at once, the first console on which a key is pressed
/// drives; keys from the others are ignored from then on, so line noise on an unattended serial
/// port cannot fight the person at the keyboard (petitboot does the same).
/// Safe to call from one reader thread per console.
/// </summary>
public sealed class ConsoleArbiter
{
    private const int Unclaimed = -1;
    private int _driver = Unclaimed;

    /// <summary>The console that drives, or null while nobody has pressed a key.</summary>
    public int? Driver => Volatile.Read(ref _driver) is var d && d != Unclaimed ? d : null;

    /// <summary>Call with the console's index when it produced a key; true when its keys are to be used.</summary>
    public bool Accept(int console)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(console);
        int previous = Interlocked.CompareExchange(ref _driver, console, Unclaimed);
        return previous == Unclaimed || previous == console;
    }

    /// <summary>Lets any console claim the menu again (after a shell or a failed boot, say).</summary>
    public void Release() => Volatile.Write(ref _driver, Unclaimed);
}
