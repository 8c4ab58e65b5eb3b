namespace LinuxBootSharp.Interop;

/// <summary>
/// reboot(2). Only PID 1 (or CAP_SYS_BOOT) may call it. Tmds.LibC 0.5.0 does not bind glibc's
/// reboot(3), which is only the system call with the two magic numbers filled in; so we make that
/// system call through Tmds.LibC's syscall.
/// </summary>
public static class Reboot
{
    // include/uapi/linux/reboot.h
    public const int CmdRestart = 0x01234567;
    public const int CmdHalt = unchecked((int)0xCDEF0123);
    public const int CmdPowerOff = 0x4321FEDC;
    public const int CmdKexec = 0x45584543;
    private const long Magic1 = 0xfee1dead;
    private const long Magic2 = 0x28121969;

    /// <summary>Does not return on success.</summary>
    public static void Invoke(int cmd) =>
        ErrnoException.Check(Libc.Syscall(SyscallNumbers.Reboot, Magic1, Magic2, (uint)cmd, 0, 0), "reboot", $"0x{cmd:x8}");
}
