namespace LinuxBootSharp.Interop;

/// <summary>finit_module(2): load a kernel module from an open file.</summary>
public static unsafe class FinitModule
{
    // include/uapi/linux/module.h
    public const int IgnoreModversions = 1;
    public const int IgnoreVermagic = 2;

    /// <summary>
    /// The kernel decompresses the file itself (kernel/module/decompress.c). Added in Linux 6.4
    /// (CONFIG_MODULE_DECOMPRESS); older kernels answer EINVAL for this flag.
    /// </summary>
    public const int CompressedFile = 4;

    /// <summary>True when the module file name asks for in-kernel decompression (.ko.xz, .ko.zst, .ko.gz).</summary>
    public static bool IsCompressed(string path) =>
        path.EndsWith(".ko.xz", StringComparison.Ordinal) || path.EndsWith(".ko.zst", StringComparison.Ordinal) || path.EndsWith(".ko.gz", StringComparison.Ordinal);

    public static void Load(int fd, string parameters, int flags, string what)
    {
        Span<byte> stack = stackalloc byte[Utf8Z.StackBytes];
        fixed (byte* pp = Utf8Z.Encode(parameters, stack))
            ErrnoException.Check(Libc.Syscall(SyscallNumbers.FinitModule, fd, (long)pp, flags, 0, 0), "finit_module", what);
    }
}
