using System.Runtime.InteropServices;
using System.Text;

namespace LinuxBootSharp.Interop;

/// <summary>
/// Small pseudo-files (/proc, /sys attributes) and directory listings read with plain
/// open/read/opendir. PID 1 reads dozens of these before the menu; FileStream and the
/// FileSystemEnumerator machinery run far more code than the one read(2) each needs, and
/// first-run code is what costs most in an emulated guest: listing the disks went from 73 ms
/// to 15 ms under QEMU TCG (docs/boot-timing.md).
/// </summary>
public static unsafe partial class SysFile
{
    // include/uapi/asm-generic/fcntl.h
    private const int ORdOnly = 0, OCloExec = 0x80000, ODirectory = 0x10000;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint Read(int fd, byte* buf, nuint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "access", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Access(string path, int mode);

    [LibraryImport("libc", EntryPoint = "fdopendir", SetLastError = true)]
    private static partial nint FdOpenDir(int fd);

    [LibraryImport("libc", EntryPoint = "readdir64")]
    private static partial nint ReadDir(nint dir);

    [LibraryImport("libc", EntryPoint = "closedir")]
    private static partial int CloseDir(nint dir);

    /// <summary>True when <paramref name="path"/> exists (access(2) F_OK; follows links).</summary>
    public static bool Exists(string path) => Access(path, 0) == 0;

    /// <summary>
    /// The file's first <paramref name="maxBytes"/> bytes as UTF-8, or null when it cannot be
    /// opened or read (missing attribute, EIO from a driver). Never throws.
    /// </summary>
    public static string? TryReadText(string path, int maxBytes = 4096)
    {
        int fd = Open(path, ORdOnly | OCloExec, 0);
        if (fd < 0)
            return null;
        try
        {
            var buf = new byte[maxBytes];
            int n = 0;
            fixed (byte* p = buf)
            {
                while (n < buf.Length)
                {
                    nint r = Read(fd, p + n, (nuint)(buf.Length - n));
                    if (r < 0 && ErrnoException.LastErrno == Errno.EINTR)
                        continue;
                    if (r <= 0)
                    {
                        if (r < 0)
                            return null;
                        break;
                    }
                    n += (int)r;
                }
            }
            return Encoding.UTF8.GetString(buf, 0, n);
        }
        finally
        {
            Close(fd);
        }
    }

    /// <summary>Trimmed contents, null when unreadable or blank (sysfs attributes end in "\n").</summary>
    public static string? TryReadAttribute(string path)
    {
        var s = TryReadText(path)?.Trim();
        return string.IsNullOrEmpty(s) ? null : s;
    }

    /// <summary>Names in a directory without "." and "..", in the kernel's order; empty when it cannot be opened.</summary>
    public static List<string> ListNames(string path)
    {
        var names = new List<string>();
        int fd = Open(path, ORdOnly | OCloExec | ODirectory, 0);
        if (fd < 0)
            return names;
        nint dir = FdOpenDir(fd);
        if (dir == 0)
        {
            Close(fd);
            return names;
        }
        try
        {
            nint e;
            while ((e = ReadDir(dir)) != 0)
            {
                // struct dirent64 (bits/dirent.h): d_ino 8, d_off 8, d_reclen 2, d_type 1, d_name.
                var name = Marshal.PtrToStringUTF8(e + 19);
                if (name is not null and not "." and not "..")
                    names.Add(name);
            }
        }
        finally
        {
            CloseDir(dir);
        }
        return names;
    }
}
