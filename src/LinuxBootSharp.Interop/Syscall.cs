using System.Runtime.InteropServices;

namespace LinuxBootSharp.Interop;

internal static unsafe partial class Libc
{
    // long syscall(long number, ...): declared with fixed integer arguments; on x86_64 the
    // variadic and fixed calling conventions agree for integer/pointer arguments.
    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    internal static partial long Syscall5(long number, long a1, long a2, long a3, long a4, long a5);
}
