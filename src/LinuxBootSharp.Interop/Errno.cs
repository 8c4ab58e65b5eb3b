namespace LinuxBootSharp.Interop;

/// <summary>Linux errno values (include/uapi/asm-generic/errno-base.h and errno.h, x86_64).</summary>
public enum Errno
{
    None = 0,
    EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, ENXIO = 6, E2BIG = 7, ENOEXEC = 8, EBADF = 9,
    ECHILD = 10, EAGAIN = 11, ENOMEM = 12, EACCES = 13, EFAULT = 14, ENOTBLK = 15, EBUSY = 16, EEXIST = 17,
    EXDEV = 18, ENODEV = 19, ENOTDIR = 20, EISDIR = 21, EINVAL = 22, ENFILE = 23, EMFILE = 24, ENOTTY = 25,
    ETXTBSY = 26, EFBIG = 27, ENOSPC = 28, ESPIPE = 29, EROFS = 30, EMLINK = 31, EPIPE = 32, EDOM = 33,
    ERANGE = 34, EDEADLK = 35, ENAMETOOLONG = 36, ENOLCK = 37, ENOSYS = 38, ENOTEMPTY = 39, ELOOP = 40,
    ENOMSG = 42, ENODATA = 61, ETIME = 62, EOVERFLOW = 75, EBADMSG = 74, EILSEQ = 84, ENOTSUP = 95,
    ETIMEDOUT = 110, ENOMEDIUM = 123, EMEDIUMTYPE = 124, ECANCELED = 125, ENOKEY = 126, EKEYEXPIRED = 127,
    EKEYREJECTED = 129, ENOPKG = 65, ELIBBAD = 80, EMSGSIZE = 90, EADDRNOTAVAIL = 99,
}

public static class ErrnoText
{
    /// <summary>Short reason text (as strerror gives, without needing libc's locale tables).</summary>
    public static string Describe(Errno e) => e switch
    {
        Errno.EPERM => "operation not permitted",
        Errno.ENOENT => "no such file or directory",
        Errno.EINTR => "interrupted system call",
        Errno.EIO => "input/output error",
        Errno.ENXIO => "no such device or address",
        Errno.E2BIG => "argument list too long",
        Errno.ENOEXEC => "exec format error",
        Errno.EBADF => "bad file descriptor",
        Errno.EAGAIN => "resource temporarily unavailable",
        Errno.ENOMEM => "cannot allocate memory",
        Errno.EACCES => "permission denied",
        Errno.EFAULT => "bad address",
        Errno.EBUSY => "device or resource busy",
        Errno.EEXIST => "file exists",
        Errno.ENODEV => "no such device",
        Errno.ENOTDIR => "not a directory",
        Errno.EISDIR => "is a directory",
        Errno.EINVAL => "invalid argument",
        Errno.ENOTTY => "inappropriate ioctl for device",
        Errno.ETXTBSY => "text file busy",
        Errno.EFBIG => "file too large",
        Errno.ENOSPC => "no space left on device",
        Errno.EROFS => "read-only file system",
        Errno.ENOSYS => "function not implemented",
        Errno.ELOOP => "too many levels of symbolic links",
        Errno.EBADMSG => "bad message",
        Errno.ENOKEY => "required key not available",
        Errno.EKEYREJECTED => "key was rejected by service",
        Errno.ENOPKG => "package not installed",
        Errno.ELIBBAD => "accessing a corrupted shared library",
        Errno.EMSGSIZE => "message too long",
        Errno.EADDRNOTAVAIL => "cannot assign requested address",
        Errno.ENOTSUP => "operation not supported",
        Errno.ETIMEDOUT => "connection timed out",
        _ => "error " + (int)e,
    };
}
