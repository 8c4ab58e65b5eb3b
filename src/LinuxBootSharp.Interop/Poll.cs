using Tmds.Linux;

namespace LinuxBootSharp.Interop;

/// <summary>poll(2): wait for input on several consoles at once with a timeout.</summary>
public static unsafe class Poll
{
    // include/uapi/asm-generic/poll.h, as Tmds.LibC carries them.
    public static short In => LibC.POLLIN;
    public static short Err => LibC.POLLERR;
    public static short Hup => LibC.POLLHUP;
    public static short Nval => LibC.POLLNVAL;

    /// <summary>
    /// One struct pollfd. Its only field is Tmds.LibC's <see cref="pollfd"/>, so a span of these has
    /// the kernel's layout and goes to poll(2) as is.
    /// </summary>
    public struct PollFd
    {
        private pollfd _native;

        public int Fd { readonly get => _native.fd; set => _native.fd = value; }
        public short Events { readonly get => _native.events; set => _native.events = value; }
        public short REvents { readonly get => _native.revents; set => _native.revents = value; }
    }

    /// <summary>Returns the number of ready descriptors; 0 on timeout; EINTR is retried by the caller as 0.</summary>
    public static int Wait(Span<PollFd> fds, int timeoutMs)
    {
        int r;
        fixed (PollFd* p = fds)
            r = LibC.poll((pollfd*)p, (ulong_t)(ulong)fds.Length, timeoutMs);
        if (r != -1)
            return r;
        // Tmds.LibC 0.5.0 declares poll without SetLastError: read errno itself, straight away.
        var e = ErrnoException.LastSystemErrno;
        if (e == Errno.EINTR)
            return 0;
        throw new ErrnoException("poll", e);
    }
}
