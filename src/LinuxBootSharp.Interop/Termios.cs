using Tmds.Linux;

namespace LinuxBootSharp.Interop;

/// <summary>tcgetattr/tcsetattr and raw mode for the menu on serial and VT consoles.</summary>
public static unsafe class Termios
{
    /// <summary>
    /// A terminal's settings. Its only field is Tmds.LibC's <see cref="termios"/>, glibc's struct on
    /// x86_64 (sysdeps/unix/sysv/linux/bits/termios-struct.h, 60 bytes), so it goes to libc as is.
    /// </summary>
    public struct State
    {
        private termios _native;

        public uint IFlag { readonly get => _native.c_iflag; set => _native.c_iflag = value; }
        public uint OFlag { readonly get => _native.c_oflag; set => _native.c_oflag = value; }
        public uint CFlag { readonly get => _native.c_cflag; set => _native.c_cflag = value; }
        public uint LFlag { readonly get => _native.c_lflag; set => _native.c_lflag = value; }

        /// <summary>c_cc[index]; index is one of the V* constants (VMIN, VTIME, ...).</summary>
        public readonly byte GetControlChar(int index)
        {
            CheckControlChar(index);
            termios copy = _native;
            return copy.c_cc[index];
        }

        public void SetControlChar(int index, byte value)
        {
            CheckControlChar(index);
            _native.c_cc[index] = value;
        }

        /// <summary>NCCS in glibc's struct termios (bits/termios-struct.h).</summary>
        private const int Nccs = 32;

        private static void CheckControlChar(int index) => ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Nccs, nameof(index));
    }

    // termios(3) names, as Tmds.LibC carries them (include/uapi/asm-generic/termbits.h values).
    public static int TCSANOW => (int)LibC.TCSANOW;
    public static int TCSADRAIN => (int)LibC.TCSADRAIN;
    public static uint OPOST => LibC.OPOST;
    public static uint ONLCR => LibC.ONLCR;
    public static uint ICANON => LibC.ICANON;
    public static uint ECHO => LibC.ECHO;
    public static uint ISIG => LibC.ISIG;
    public static uint ICRNL => LibC.ICRNL;
    public static int VMIN => LibC.VMIN;
    public static int VTIME => LibC.VTIME;

    public static bool TryGet(int fd, out State state)
    {
        State s;
        int r = LibC.tcgetattr(fd, (termios*)&s);
        state = s;
        return r == 0;
    }

    public static void Set(int fd, in State state, string what)
    {
        State s = state;
        ErrnoException.Check(LibC.tcsetattr(fd, TCSADRAIN, (termios*)&s), "tcsetattr", what);
    }

    /// <summary>
    /// Raw input (no echo, no line buffering, no signals) but output post-processing kept, so
    /// "\n" still becomes CR LF on the wire. The flag changes are cfmakeraw's as termios(3)
    /// documents them (Tmds.LibC 0.5.0 does not bind cfmakeraw), then OPOST|ONLCR put back and
    /// one-byte blocking reads (VMIN 1, VTIME 0).
    /// </summary>
    public static State MakeRaw(State s)
    {
        s.IFlag &= ~(LibC.IGNBRK | LibC.BRKINT | LibC.PARMRK | LibC.ISTRIP | LibC.INLCR | LibC.IGNCR | LibC.ICRNL | LibC.IXON);
        s.OFlag &= ~LibC.OPOST;
        s.LFlag &= ~(LibC.ECHO | LibC.ECHONL | LibC.ICANON | LibC.ISIG | LibC.IEXTEN);
        s.CFlag &= ~(LibC.CSIZE | LibC.PARENB);
        s.CFlag |= LibC.CS8;
        s.OFlag |= OPOST | ONLCR;
        s.SetControlChar(VMIN, 1);
        s.SetControlChar(VTIME, 0);
        return s;
    }
}
