using System.Runtime.InteropServices;

namespace LinuxBootSharp.Interop;

/// <summary>poll(2): wait for input on several consoles at once with a timeout.</summary>
public static unsafe partial class Poll
{
    public const short In = 0x1;
    public const short Err = 0x8;
    public const short Hup = 0x10;
    public const short Nval = 0x20;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short REvents;
    }

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int PollNative(PollFd* fds, ulong nfds, int timeout);

    /// <summary>Returns the number of ready descriptors; 0 on timeout; EINTR is retried by the caller as 0.</summary>
    public static int Wait(Span<PollFd> fds, int timeoutMs)
    {
        fixed (PollFd* p = fds)
        {
            int r = PollNative(p, (ulong)fds.Length, timeoutMs);
            if (r == -1 && ErrnoException.LastErrno == Errno.EINTR)
                return 0;
            return ErrnoException.Check(r, "poll");
        }
    }
}
