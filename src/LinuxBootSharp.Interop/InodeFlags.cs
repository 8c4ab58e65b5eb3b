using Tmds.Linux;

namespace LinuxBootSharp.Interop;

/// <summary>
/// FS_IOC_GETFLAGS / FS_IOC_SETFLAGS (ioctl_iflags(2)). efivarfs marks every variable file
/// immutable (fs/efivarfs/inode.c sets S_IMMUTABLE) so that a stray `rm -rf /sys` cannot brick a
/// machine; whoever rewrites a variable clears the flag first, as systemd and efivar do.
/// </summary>
public static unsafe class InodeFlags
{
    // include/uapi/linux/fs.h: _IOR('f', 1, long) and _IOW('f', 2, long); FS_IMMUTABLE_FL.
    private const uint GetFlags = 0x80086601;
    private const uint SetFlags = 0x40086602;
    public const int Immutable = 0x10;

    /// <summary>
    /// Clears FS_IMMUTABLE_FL on <paramref name="path"/>; false when the file system has no inode
    /// flags (ENOTTY, EINVAL, EOPNOTSUPP: a test directory on tmpfs) or the file does not exist.
    /// </summary>
    public static bool TryClearImmutable(string path)
    {
        int fd = FileDescriptor.OpenRaw(path, LibC.O_RDONLY | LibC.O_CLOEXEC);
        if (fd < 0)
            return false;
        try
        {
            int flags = 0;
            if (LibC.ioctl(fd, Ioctl.Request(GetFlags), &flags) != 0)
                return false;
            if ((flags & Immutable) == 0)
                return true;
            flags &= ~Immutable;
            return LibC.ioctl(fd, Ioctl.Request(SetFlags), &flags) == 0;
        }
        finally
        {
            LibC.close(fd);
        }
    }
}
