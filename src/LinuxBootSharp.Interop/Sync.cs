using System.Runtime.InteropServices;

namespace LinuxBootSharp.Interop;

/// <summary>sync(2): flush every file system before kexec or reboot.</summary>
public static partial class Sync
{
    [LibraryImport("libc", EntryPoint = "sync")]
    private static partial void SyncNative();

    public static void Invoke() => SyncNative();
}
