using Tmds.Linux;

namespace LinuxBootSharp.Interop;

/// <summary>umount2(2).</summary>
public static unsafe class Umount
{
    // MNT_* (include/linux/fs.h via sys/mount.h), as Tmds.LibC carries them.
    public static int Force => LibC.MNT_FORCE;
    public static int Detach => LibC.MNT_DETACH;

    public static void Invoke(string target, int flags = 0)
    {
        Span<byte> stack = stackalloc byte[Utf8Z.StackBytes];
        int r;
        fixed (byte* p = Utf8Z.Encode(target, stack))
            r = LibC.umount2(p, flags);
        ErrnoException.Check(r, "umount2", target);
    }
}
