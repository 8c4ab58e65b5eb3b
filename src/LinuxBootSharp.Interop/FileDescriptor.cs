using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace LinuxBootSharp.Interop;

/// <summary>open/read/write on character devices (consoles), where FileStream's buffering and seeking do not fit.</summary>
public static unsafe partial class FileDescriptor
{
    // include/uapi/asm-generic/fcntl.h
    public const int ReadOnly = 0;
    public const int WriteOnly = 1;
    public const int ReadWrite = 2;
    public const int NoCtty = 0x100;
    public const int NonBlock = 0x800;
    public const int CloExec = 0x80000;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenNative(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint ReadNative(int fd, byte* buf, nuint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint WriteNative(int fd, byte* buf, nuint count);

    public static SafeFileHandle Open(string path, int flags)
    {
        int fd = ErrnoException.Check(OpenNative(path, flags | CloExec, 0), "open", path);
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>Reads what is available; 0 at end of file; -1 when a non-blocking read would block.</summary>
    public static int Read(SafeFileHandle fd, Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            nint r = ReadNative((int)fd.DangerousGetHandle(), p, (nuint)buffer.Length);
            if (r < 0)
            {
                var e = ErrnoException.LastErrno;
                if (e is Errno.EAGAIN or Errno.EINTR)
                    return -1;
                throw new ErrnoException("read", e);
            }
            return (int)r;
        }
    }

    /// <summary>Writes everything, retrying short writes; gives up silently on a dead console (EIO).</summary>
    public static bool WriteAll(SafeFileHandle fd, ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            int done = 0;
            int spins = 0;
            while (done < data.Length)
            {
                nint r = WriteNative((int)fd.DangerousGetHandle(), p + done, (nuint)(data.Length - done));
                if (r < 0)
                {
                    var e = ErrnoException.LastErrno;
                    if ((e is Errno.EAGAIN or Errno.EINTR) && ++spins < 1000)
                    {
                        Thread.Sleep(1);
                        continue;
                    }
                    return false;
                }
                done += (int)r;
            }
            return true;
        }
    }
}
