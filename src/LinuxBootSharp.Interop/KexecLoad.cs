using System.Runtime.InteropServices;

namespace LinuxBootSharp.Interop;

/// <summary>
/// kexec_load(2), the older interface where user space places the segments (used by kexec-tools
/// without -s). Kept for boards whose kernel lacks KEXEC_FILE; lbs prefers kexec_file_load.
/// </summary>
public static class KexecLoad
{
    // include/uapi/linux/kexec.h
    public const ulong ArchX86_64 = 62UL << 16;
    public const int MaxSegments = 16;
    public const ulong FlagOnCrash = 0x1;

    [StructLayout(LayoutKind.Sequential)]
    public struct Segment
    {
        public nint Buffer;
        public nuint BufferSize;
        public nuint Memory;
        public nuint MemorySize;
    }

    public static unsafe void Load(ulong entry, ReadOnlySpan<Segment> segments, ulong flags)
    {
        if (segments.Length > MaxSegments)
            throw new ArgumentException($"kexec_load takes at most {MaxSegments} segments", nameof(segments));
        fixed (Segment* p = segments)
        {
            long r = Libc.Syscall(SyscallNumbers.KexecLoad, (long)entry, segments.Length, (long)p, (long)flags, 0);
            ErrnoException.Check(r, "kexec_load");
        }
    }

    /// <summary>Unloads the image (kernel/kexec.c: zero segments with no entry unloads).</summary>
    public static void Unload(ulong flags = 0) =>
        ErrnoException.Check(Libc.Syscall(SyscallNumbers.KexecLoad, 0, 0, 0, (long)(flags | ArchX86_64), 0), "kexec_load(unload)");
}
