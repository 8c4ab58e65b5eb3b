using System.Runtime.InteropServices;

namespace LinuxBootSharp.Interop;

/// <summary>reboot(2). Only PID 1 (or CAP_SYS_BOOT) may call it.</summary>
public static partial class Reboot
{
    // include/uapi/linux/reboot.h
    public const int CmdRestart = 0x01234567;
    public const int CmdHalt = unchecked((int)0xCDEF0123);
    public const int CmdPowerOff = 0x4321FEDC;
    public const int CmdKexec = 0x45584543;

    [LibraryImport("libc", EntryPoint = "reboot", SetLastError = true)]
    private static partial int RebootNative(int cmd);

    /// <summary>Does not return on success.</summary>
    public static void Invoke(int cmd) => ErrnoException.Check(RebootNative(cmd), "reboot", $"0x{cmd:x8}");
}
