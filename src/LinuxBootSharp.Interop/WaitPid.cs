using System.Runtime.InteropServices;

namespace LinuxBootSharp.Interop;

/// <summary>waitpid(2): PID 1 reaps orphaned children so they do not stay zombies.</summary>
public static unsafe partial class WaitPid
{
    public const int NoHang = 1;

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    private static partial int WaitPidNative(int pid, int* status, int options);

    /// <summary>Reaps one exited child without blocking: its pid, 0 when none has exited, -1 when there are no children.</summary>
    public static int ReapOne()
    {
        int status;
        return WaitPidNative(-1, &status, NoHang);
    }
}
