using Tmds.Linux;

namespace LinuxBootSharp.Interop;

/// <summary>sync(2): flush every file system before kexec or reboot.</summary>
public static class Sync
{
    public static void Invoke() => LibC.sync();
}
