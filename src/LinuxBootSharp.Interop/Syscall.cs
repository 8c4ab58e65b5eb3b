using Tmds.Linux;

namespace LinuxBootSharp.Interop;

/// <summary>
/// syscall(2) through Tmds.LibC for the calls glibc has no wrapper for (kexec, modules, getdents64)
/// or whose wrapper Tmds.LibC 0.5.0 does not bind (reboot). Its syscall import sets errno for
/// <see cref="ErrnoException.LastErrno"/>; syscall_arg takes no long, so go through ssize_t.
/// </summary>
internal static class Libc
{
    public static long Syscall(long number, long a1, long a2, long a3, long a4, long a5) =>
        (ssize_t)LibC.syscall(Arg(number), Arg(a1), Arg(a2), Arg(a3), Arg(a4), Arg(a5));

    private static syscall_arg Arg(long value) => (ssize_t)value;
}
