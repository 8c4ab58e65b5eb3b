using System.Runtime.InteropServices;
using Tmds.Linux;

namespace LinuxBootSharp.Interop;

/// <summary>clock_gettime(CLOCK_BOOTTIME): the guest uptime the kernel's own log timestamps use.</summary>
public static unsafe partial class ClockGetTime
{
    /// <summary>include/uapi/linux/time.h; Tmds.LibC 0.5.0 has no CLOCK_* constants.</summary>
    private const int ClockBoottime = 7;

    // Tmds.LibC 0.5.0 has no clock_gettime (only its timespec); glibc's answers from the vDSO
    // without a system call, which syscall(SYS_clock_gettime) would give up.
    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static partial int ClockGetTimeNative(int clock, timespec* ts);

    public static TimeSpan Uptime()
    {
        timespec ts;
        ErrnoException.Check(ClockGetTimeNative(ClockBoottime, &ts), "clock_gettime");
        return TimeSpan.FromTicks((long)ts.tv_sec * TimeSpan.TicksPerSecond + (long)ts.tv_nsec / 100);
    }
}
