using Tmds.Linux;

namespace LinuxBootSharp.Interop;

/// <summary>ioctl(2) with a pointer argument, and the terminal ioctls the menu needs.</summary>
public static unsafe class Ioctl
{
    // include/uapi/asm-generic/ioctls.h, as Tmds.LibC carries them.
    public static uint TIOCGWINSZ => (uint)LibC.TIOCGWINSZ;
    public static uint TIOCSCTTY => (uint)LibC.TIOCSCTTY;
    /// <summary>pts(4): unlock the slave of a /dev/ptmx master (what unlockpt(3) does).</summary>
    public static uint TIOCSPTLCK => (uint)LibC.TIOCSPTLCK;
    /// <summary>pts(4): number N of the master's slave /dev/pts/N (what ptsname(3) reads).</summary>
    public static uint TIOCGPTN => (uint)LibC.TIOCGPTN;

    /// <summary>
    /// The kernel takes the request as <c>unsigned int cmd</c> (fs/ioctl.c); Tmds.LibC declares it
    /// <c>int</c> and widens it as unsigned, so the bit pattern is what reaches the kernel.
    /// </summary>
    internal static int Request(uint request) => unchecked((int)request);

    public static int Invoke(int fd, uint request, void* arg, string what) =>
        ErrnoException.Check(LibC.ioctl(fd, Request(request), arg), "ioctl", what);

    /// <summary>Terminal size, or null when the device does not know it (a serial line reports 0×0).</summary>
    public static (int Cols, int Rows)? TryGetWindowSize(int fd)
    {
        winsize ws = default;
        if (LibC.ioctl(fd, LibC.TIOCGWINSZ, &ws) != 0 || ws.ws_col == 0 || ws.ws_row == 0)
            return null;
        return (ws.ws_col, ws.ws_row);
    }
}
