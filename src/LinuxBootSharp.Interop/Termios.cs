using System.Runtime.InteropServices;

namespace LinuxBootSharp.Interop;

/// <summary>tcgetattr/tcsetattr/cfmakeraw: raw mode for the menu on serial and VT consoles.</summary>
public static unsafe partial class Termios
{
    /// <summary>glibc's struct termios on x86_64 (sysdeps/unix/sysv/linux/bits/termios-struct.h): 60 bytes.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct State
    {
        public uint IFlag;
        public uint OFlag;
        public uint CFlag;
        public uint LFlag;
        public byte Line;
        public fixed byte Cc[32];
        public uint ISpeed;
        public uint OSpeed;
    }

    public const int TCSANOW = 0;
    public const int TCSADRAIN = 1;

    // include/uapi/asm-generic/termbits.h
    public const uint OPOST = 0x1;
    public const uint ONLCR = 0x4;
    public const int VMIN = 6;
    public const int VTIME = 5;

    [LibraryImport("libc", EntryPoint = "tcgetattr", SetLastError = true)]
    private static partial int TcGetAttr(int fd, State* state);

    [LibraryImport("libc", EntryPoint = "tcsetattr", SetLastError = true)]
    private static partial int TcSetAttr(int fd, int when, State* state);

    [LibraryImport("libc", EntryPoint = "cfmakeraw")]
    private static partial void CfMakeRaw(State* state);

    public static bool TryGet(int fd, out State state)
    {
        State s;
        int r = TcGetAttr(fd, &s);
        state = s;
        return r == 0;
    }

    public static void Set(int fd, in State state, string what)
    {
        State s = state;
        ErrnoException.Check(TcSetAttr(fd, TCSADRAIN, &s), "tcsetattr", what);
    }

    /// <summary>
    /// Raw input (no echo, no line buffering, no signals) but output post-processing kept, so
    /// "\n" still becomes CR LF on the wire.
    /// </summary>
    public static State MakeRaw(State s)
    {
        CfMakeRaw(&s);
        s.OFlag |= OPOST | ONLCR;
        s.Cc[VMIN] = 1;
        s.Cc[VTIME] = 0;
        return s;
    }
}
