using Tmds.Linux;

namespace LinuxBootSharp.Interop;

/// <summary>mount(2).</summary>
public static unsafe class Mount
{
    // MS_* (include/uapi/linux/mount.h), as Tmds.LibC carries them.
    public static ulong ReadOnly => LibC.MS_RDONLY;
    public static ulong NoSuid => LibC.MS_NOSUID;
    public static ulong NoDev => LibC.MS_NODEV;
    public static ulong NoExec => LibC.MS_NOEXEC;

    public static void Invoke(string source, string target, string fstype, ulong flags = 0, string? data = null)
    {
        Span<byte> s1 = stackalloc byte[Utf8Z.StackBytes];
        Span<byte> s2 = stackalloc byte[Utf8Z.StackBytes];
        Span<byte> s3 = stackalloc byte[Utf8Z.StackBytes];
        Span<byte> s4 = stackalloc byte[Utf8Z.StackBytes];
        int r;
        fixed (byte* src = Utf8Z.Encode(source, s1))
        fixed (byte* tgt = Utf8Z.Encode(target, s2))
        fixed (byte* type = Utf8Z.Encode(fstype, s3))
        fixed (byte* opts = data is null ? default : Utf8Z.Encode(data, s4))
            r = LibC.mount(src, tgt, type, (ulong_t)flags, opts);
        ErrnoException.Check(r, "mount", $"{fstype} on {target}");
    }

    /// <summary>
    /// mount(NULL, target, NULL, MS_REMOUNT | MS_RDONLY, NULL): makes the file system at
    /// <paramref name="target"/> read-only, flushing it (fs/super.c reconfigure_super syncs the
    /// super block). Fails with EBUSY while a file on it is open for writing.
    /// </summary>
    public static void RemountReadOnly(string target)
    {
        Span<byte> stack = stackalloc byte[Utf8Z.StackBytes];
        int r;
        fixed (byte* tgt = Utf8Z.Encode(target, stack))
            r = LibC.mount(null, tgt, null, (ulong_t)(LibC.MS_REMOUNT | LibC.MS_RDONLY), null);
        ErrnoException.Check(r, "mount", $"remount,ro {target}");
    }
}
