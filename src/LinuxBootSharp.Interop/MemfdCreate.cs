using Microsoft.Win32.SafeHandles;
using Tmds.Linux;

namespace LinuxBootSharp.Interop;

/// <summary>memfd_create(2): an anonymous file in RAM (kernel and concatenated initrds for kexec).</summary>
public static unsafe class MemfdCreate
{
    // include/uapi/linux/memfd.h, as Tmds.LibC carries them.
    public static uint CloExec => LibC.MFD_CLOEXEC;
    public static uint AllowSealing => LibC.MFD_ALLOW_SEALING;

    /// <summary>Returns an owning handle (MFD_CLOEXEC) usable with RandomAccess and FileStream.</summary>
    public static SafeFileHandle Create(string name) => Create(name, CloExec);

    public static SafeFileHandle Create(string name, uint flags)
    {
        Span<byte> stack = stackalloc byte[Utf8Z.StackBytes];
        int fd;
        fixed (byte* p = Utf8Z.Encode(name, stack))
            fd = LibC.memfd_create(p, flags);
        if (fd == -1)
            ErrnoException.ThrowLast("memfd_create", name);
        return new SafeFileHandle(fd, ownsHandle: true);
    }
}
