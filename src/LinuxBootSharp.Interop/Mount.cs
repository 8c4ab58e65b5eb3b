using System.Runtime.InteropServices;

namespace LinuxBootSharp.Interop;

/// <summary>mount(2).</summary>
public static partial class Mount
{
    // include/uapi/linux/mount.h
    public const ulong ReadOnly = 1;
    public const ulong NoSuid = 2;
    public const ulong NoDev = 4;
    public const ulong NoExec = 8;

    [LibraryImport("libc", EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MountNative(string source, string target, string fstype, ulong flags, string? data);

    public static void Invoke(string source, string target, string fstype, ulong flags = 0, string? data = null) =>
        ErrnoException.Check(MountNative(source, target, fstype, flags, data), "mount", $"{fstype} on {target}");
}
