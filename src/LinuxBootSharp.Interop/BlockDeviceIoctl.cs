using Microsoft.Win32.SafeHandles;
using Tmds.Linux;

namespace LinuxBootSharp.Interop;

/// <summary>
/// The two block-device queries a read-only disk reader needs: size in bytes and logical sector
/// size. fstat() reports st_size 0 for a block device, so the size must come from an ioctl.
/// Request numbers are from include/uapi/linux/fs.h (x86_64 encoding of _IOR/_IO); Tmds.LibC 0.5.0
/// has no BLK* constants.
/// </summary>
public static unsafe class BlockDeviceIoctl
{
    /// <summary>BLKGETSIZE64 = _IOR(0x12, 114, size_t): device size in bytes (u64).</summary>
    public const uint BLKGETSIZE64 = 0x80081272;

    /// <summary>BLKSSZGET = _IO(0x12, 104): logical sector size in bytes (int).</summary>
    public const uint BLKSSZGET = 0x1268;

    /// <summary>Size of the block device in bytes. Throws <see cref="ErrnoException"/> (ENOTTY for a regular file).</summary>
    public static long GetSizeBytes(SafeFileHandle fd, string devicePath)
    {
        ulong size = 0;
        using (var lease = new FdLease(fd))
            ErrnoException.Check(LibC.ioctl(lease.Fd, Ioctl.Request(BLKGETSIZE64), &size), "ioctl BLKGETSIZE64", devicePath);
        return checked((long)size);
    }

    /// <summary>Logical sector size in bytes (512 or 4096 in practice).</summary>
    public static int GetLogicalSectorSize(SafeFileHandle fd, string devicePath)
    {
        int size = 0;
        using (var lease = new FdLease(fd))
            ErrnoException.Check(LibC.ioctl(lease.Fd, Ioctl.Request(BLKSSZGET), &size), "ioctl BLKSSZGET", devicePath);
        return size;
    }
}
