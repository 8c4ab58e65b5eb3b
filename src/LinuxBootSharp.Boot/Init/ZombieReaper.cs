using LinuxBootSharp.Interop;

namespace LinuxBootSharp.Boot.Init;

/// <summary>
/// PID 1 inherits every orphan; without waitpid() they stay zombies forever. A background
/// thread reaps them. It catches everything: an exception escaping any thread of PID 1 would
/// panic the kernel. It starts with the first program PID 1 spawns (every spawn goes through
/// <see cref="Suspend"/>): before that no orphan can exist, since PID 1 is the only user
/// process and the kernel's usermode helpers are reaped by the kernel (kernel/umh.c). Not
/// starting it at boot keeps a thread start off the path to the menu.
/// </summary>
public static class ZombieReaper
{
    private static int _started;
    private static readonly object Gate = new();

    /// <summary>
    /// Stops reaping while we wait for a child of our own by pid (PosixSpawn.Wait): a
    /// waitpid(-1) here could otherwise take its exit status first.
    /// </summary>
    /// <param name="log">Where the reaper reports a failure of its own (the first caller's log is kept).</param>
    public static IDisposable Suspend(BootLog log)
    {
        Start(log);
        Monitor.Enter(Gate);
        return new Resumer();
    }

    private sealed class Resumer : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
                Monitor.Exit(Gate);
        }
    }

    public static long Reaped { get; private set; }

    public static void Start(BootLog log)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
            return;
        var t = new Thread(() => Loop(log)) { IsBackground = true, Name = "reaper" };
        t.Start();
    }

    private static void Loop(BootLog log)
    {
        string? lastProblem = null;
        while (true)
        {
            try
            {
                int pid;
                lock (Gate)
                    pid = WaitPid.ReapOne();
                if (pid > 0)
                {
                    Reaped++;
                    continue;
                }
                Thread.Sleep(pid == 0 ? 200 : 1000);
            }
            catch (Exception e)
            {
                // Nothing here is expected to throw (waitpid reports by return value), but an
                // exception leaving this thread would panic the kernel. Logged when it changes,
                // not every second.
                var problem = $"{e.GetType().Name}: {e.Message}";
                if (problem != lastProblem)
                    log.Error("zombie reaper: " + problem + " (retrying every second)");
                lastProblem = problem;
                Thread.Sleep(1000);
            }
        }
    }
}
