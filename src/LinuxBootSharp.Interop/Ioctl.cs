using System.Runtime.InteropServices;

namespace LinuxBootSharp.Interop;

/// <summary>ioctl(2) with a pointer argument, and the terminal ioctls the menu needs.</summary>
public static unsafe partial class Ioctl
{
    // include/uapi/asm-generic/ioctls.h
    public const ulong TIOCGWINSZ = 0x5413;
    public const ulong TIOCSCTTY = 0x540E;

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int IoctlPtr(int fd, ulong request, void* arg);

    [StructLayout(LayoutKind.Sequential)]
    public struct WinSize
    {
        public ushort Rows;
        public ushort Cols;
        public ushort XPixel;
        public ushort YPixel;
    }

    public static int Invoke(int fd, ulong request, void* arg, string what) =>
        ErrnoException.Check(IoctlPtr(fd, request, arg), "ioctl", what);

    /// <summary>Terminal size, or null when the device does not know it (a serial line reports 0×0).</summary>
    public static (int Cols, int Rows)? TryGetWindowSize(int fd)
    {
        WinSize ws;
        if (IoctlPtr(fd, TIOCGWINSZ, &ws) != 0 || ws.Cols == 0 || ws.Rows == 0)
            return null;
        return (ws.Cols, ws.Rows);
    }
}
