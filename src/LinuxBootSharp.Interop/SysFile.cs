using System.Buffers.Binary;
using System.Text;
using Tmds.Linux;

namespace LinuxBootSharp.Interop;

/// <summary>
/// Small pseudo-files (/proc, /sys attributes) and directory listings read with plain
/// open/read/getdents64. PID 1 reads dozens of these before the menu; FileStream and the
/// FileSystemEnumerator machinery run far more code than the one read(2) each needs, and
/// first-run code is what costs most in an emulated guest: listing the disks went from 73 ms
/// to 15 ms under QEMU TCG (docs/boot-timing.md).
/// </summary>
public static unsafe class SysFile
{
    // struct linux_dirent64 (getdents(2)): d_ino u64 @0, d_off s64 @8, d_reclen u16 @16,
    // d_type u8 @18, d_name NUL-terminated @19.
    private const int DirentReclenOffset = 16;
    private const int DirentNameOffset = 19;

    /// <summary>One getdents64 call's buffer: a few hundred sysfs or /proc entries.</summary>
    private const int DirentBufferBytes = 32 << 10;

    /// <summary>True when <paramref name="path"/> exists (access(2) F_OK; follows links).</summary>
    public static bool Exists(string path)
    {
        Span<byte> stack = stackalloc byte[Utf8Z.StackBytes];
        fixed (byte* p = Utf8Z.Encode(path, stack))
            return LibC.access(p, LibC.F_OK) == 0;
    }

    /// <summary>
    /// The file's first <paramref name="maxBytes"/> bytes as UTF-8, or null when it cannot be
    /// opened or read (missing attribute, EIO from a driver). Never throws.
    /// </summary>
    public static string? TryReadText(string path, int maxBytes = 4096)
    {
        int fd = FileDescriptor.OpenRaw(path, LibC.O_RDONLY | LibC.O_CLOEXEC);
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
                    long r = LibC.read(fd, p + n, buf.Length - n);
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
            LibC.close(fd);
        }
    }

    /// <summary>Trimmed contents, null when unreadable or blank (sysfs attributes end in "\n").</summary>
    public static string? TryReadAttribute(string path)
    {
        var s = TryReadText(path)?.Trim();
        return string.IsNullOrEmpty(s) ? null : s;
    }

    /// <summary>
    /// Names in a directory without "." and "..", in the kernel's order; empty when it cannot be
    /// opened, and what was read so far when a later getdents64 fails. getdents64 has no glibc
    /// wrapper in Tmds.LibC 0.5.0 (nor does it bind opendir/readdir), so it goes through syscall(2).
    /// </summary>
    public static List<string> ListNames(string path)
    {
        var names = new List<string>();
        int fd = FileDescriptor.OpenRaw(path, LibC.O_RDONLY | LibC.O_CLOEXEC | LibC.O_DIRECTORY);
        if (fd < 0)
            return names;
        try
        {
            var buf = new byte[DirentBufferBytes];
            fixed (byte* p = buf)
            {
                while (true)
                {
                    long n = Libc.Syscall(SyscallNumbers.GetDents64, fd, (long)p, buf.Length, 0, 0);
                    if (n < 0 && ErrnoException.LastErrno == Errno.EINTR)
                        continue;
                    if (n <= 0 || n > buf.Length)
                        break;
                    if (!AddNames(buf.AsSpan(0, (int)n), names))
                        break;
                }
            }
        }
        finally
        {
            LibC.close(fd);
        }
        return names;
    }

    /// <summary>Adds the names of one getdents64 buffer; false when a record is malformed.</summary>
    private static bool AddNames(ReadOnlySpan<byte> records, List<string> names)
    {
        int at = 0;
        while (at < records.Length)
        {
            if (records.Length - at < DirentNameOffset + 1)
                return false;
            int reclen = BinaryPrimitives.ReadUInt16LittleEndian(records[(at + DirentReclenOffset)..]);
            // A record holds at least its header and the name's NUL, and never runs past the buffer.
            if (reclen < DirentNameOffset + 1 || reclen > records.Length - at)
                return false;
            var field = records.Slice(at + DirentNameOffset, reclen - DirentNameOffset);
            int nul = field.IndexOf((byte)0);
            var name = nul < 0 ? field : field[..nul];
            if (!(name.SequenceEqual("."u8) || name.SequenceEqual(".."u8)))
                names.Add(Encoding.UTF8.GetString(name));
            at += reclen;
        }
        return true;
    }
}
