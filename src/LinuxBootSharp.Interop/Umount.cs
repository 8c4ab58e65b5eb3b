using System.Runtime.InteropServices;

namespace LinuxBootSharp.Interop;

/// <summary>umount2(2).</summary>
public static partial class Umount
{
    public const int Force = 1;
    public const int Detach = 2;

    [LibraryImport("libc", EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Umount2Native(string target, int flags);

    public static void Invoke(string target, int flags = 0) => ErrnoException.Check(Umount2Native(target, flags), "umount2", target);
}
