namespace LinuxBootSharp.Interop;

/// <summary>The S_IFMT type of a host path, without following a final symlink (lstat semantics).</summary>
public enum HostFileType
{
    Missing,
    Regular,
    Directory,
    Symlink,
    /// <summary>FIFO, socket, character or block device: never opened as a file (a FIFO would block the open).</summary>
    Special,
}

/// <summary>
/// newfstatat(2) through syscall: .NET's File/Directory APIs cannot tell a FIFO from a regular
/// file, and Tmds.LibC 0.5.0 binds stat/lstat to glibc's __xstat/__lxstat, which glibc ≥ 2.33
/// keeps only as shared-library compatibility symbols — a static binary cannot link them.
/// </summary>
public static unsafe class FileType
{
    // include/uapi/linux/fcntl.h
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;

    // struct stat on x86_64 (arch/x86/include/uapi/asm/stat.h): 144 bytes, st_mode (u32) at 24.
    private const int StatSize = 144;
    private const int StModeOffset = 24;

    // include/uapi/linux/stat.h
    private const uint SIfMt = 0xF000, SIfReg = 0x8000, SIfDir = 0x4000, SIfLnk = 0xA000;

    /// <summary>Type of <paramref name="path"/>; <see cref="HostFileType.Missing"/> for ENOENT/ENOTDIR; other errors throw <see cref="ErrnoException"/>.</summary>
    public static HostFileType Of(string path)
    {
        Span<byte> name = stackalloc byte[Utf8Z.StackBytes];
        var z = Utf8Z.Encode(path, name);
        byte* st = stackalloc byte[StatSize];
        long r;
        fixed (byte* p = z)
            r = Libc.Syscall(SyscallNumbers.NewFstatAt, AtFdCwd, (long)p, (long)st, AtSymlinkNoFollow, 0);
        if (r == -1)
        {
            var e = ErrnoException.LastErrno;
            if (e is Errno.ENOENT or Errno.ENOTDIR)
                return HostFileType.Missing;
            throw new ErrnoException("newfstatat", e, path);
        }
        return (*(uint*)(st + StModeOffset) & SIfMt) switch
        {
            SIfReg => HostFileType.Regular,
            SIfDir => HostFileType.Directory,
            SIfLnk => HostFileType.Symlink,
            _ => HostFileType.Special,
        };
    }
}
