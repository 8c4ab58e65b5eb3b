using System.Runtime.InteropServices;

namespace LinuxBootSharp.Interop;

/// <summary>waitpid(2): PID 1 reaps orphaned children so they do not stay zombies.</summary>
public static unsafe partial class WaitPid
{
    /// <summary>WNOHANG (include/uapi/linux/wait.h); Tmds.LibC 0.5.0 has no wait constants.</summary>
    public const int NoHang = 1;

    // Tmds.LibC 0.5.0 has no waitpid (nor wait4/waitid).
    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    internal static partial int Native(int pid, int* status, int options);

    /// <summary>Reaps one exited child without blocking: its pid, 0 when none has exited, -1 when there are no children.</summary>
    public static int ReapOne()
    {
        int status;
        return Native(-1, &status, NoHang);
    }
}
