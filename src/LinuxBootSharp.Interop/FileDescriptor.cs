using Microsoft.Win32.SafeHandles;
using Tmds.Linux;

namespace LinuxBootSharp.Interop;

/// <summary>open/read/write on character devices (consoles), where FileStream's buffering and seeking do not fit.</summary>
public static unsafe class FileDescriptor
{
    // open(2) flags (include/uapi/asm-generic/fcntl.h), as Tmds.LibC carries them.
    public static int ReadOnly => LibC.O_RDONLY;
    public static int WriteOnly => LibC.O_WRONLY;
    public static int ReadWrite => LibC.O_RDWR;
    public static int NoCtty => LibC.O_NOCTTY;
    public static int NonBlock => LibC.O_NONBLOCK;
    public static int CloExec => LibC.O_CLOEXEC;

    /// <summary>Opens with O_CLOEXEC added, so a spawned shell does not inherit our consoles.</summary>
    public static SafeFileHandle Open(string path, int flags)
    {
        int fd = OpenRaw(path, flags | CloExec);
        if (fd == -1)
            ErrnoException.ThrowLast("open", path);
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>open(2) without throwing: the descriptor or -1 with errno set.</summary>
    internal static int OpenRaw(string path, int flags)
    {
        Span<byte> stack = stackalloc byte[Utf8Z.StackBytes];
        fixed (byte* p = Utf8Z.Encode(path, stack))
            return LibC.open(p, flags, 0);
    }

    /// <summary>Reads what is available; 0 at end of file; -1 when a non-blocking read would block.</summary>
    public static int Read(SafeFileHandle fd, Span<byte> buffer)
    {
        using var lease = new FdLease(fd);
        fixed (byte* p = buffer)
        {
            long r = LibC.read(lease.Fd, p, buffer.Length);
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
        using var lease = new FdLease(fd);
        fixed (byte* p = data)
        {
            int done = 0;
            int spins = 0;
            while (done < data.Length)
            {
                long r = LibC.write(lease.Fd, p + done, data.Length - done);
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
