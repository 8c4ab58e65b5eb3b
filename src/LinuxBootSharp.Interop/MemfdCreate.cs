using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace LinuxBootSharp.Interop;

/// <summary>memfd_create(2): an anonymous file in RAM (kernel and concatenated initrds for kexec).</summary>
public static partial class MemfdCreate
{
    // include/uapi/linux/memfd.h
    public const uint CloExec = 1;
    public const uint AllowSealing = 2;

    [LibraryImport("libc", EntryPoint = "memfd_create", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MemfdCreateNative(string name, uint flags);

    /// <summary>Returns an owning handle usable with RandomAccess and FileStream.</summary>
    public static SafeFileHandle Create(string name, uint flags = CloExec)
    {
        int fd = ErrnoException.Check(MemfdCreateNative(name, flags), "memfd_create", name);
        return new SafeFileHandle(fd, ownsHandle: true);
    }
}
