namespace LinuxBootSharp.Interop;

/// <summary>x86_64 system call numbers (arch/x86/entry/syscalls/syscall_64.tbl) for calls made through syscall(2).</summary>
internal static class SyscallNumbers
{
    public const long Reboot = 169;
    public const long DeleteModule = 176;
    public const long GetDents64 = 217;
    public const long NewFstatAt = 262;
    public const long KexecLoad = 246;
    public const long FinitModule = 313;
    public const long KexecFileLoad = 320;
}
