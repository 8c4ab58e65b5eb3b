using System.Runtime.InteropServices;

namespace LinuxBootSharp.Interop;

/// <summary>clock_gettime(CLOCK_BOOTTIME): the guest uptime the kernel's own log timestamps use.</summary>
public static unsafe partial class ClockGetTime
{
    private const int ClockBoottime = 7;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Sec;
        public long Nsec;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static partial int ClockGetTimeNative(int clock, TimeSpec* ts);

    public static TimeSpan Uptime()
    {
        TimeSpec ts;
        ErrnoException.Check(ClockGetTimeNative(ClockBoottime, &ts), "clock_gettime");
        return TimeSpan.FromTicks(ts.Sec * TimeSpan.TicksPerSecond + ts.Nsec / 100);
    }
}
