using System.Text;

namespace LinuxBootSharp.Interop;

/// <summary>kexec_file_load(2): the kernel reads, verifies and places kernel and initrd itself.</summary>
public static class KexecFileLoad
{
    // include/uapi/linux/kexec.h
    public const ulong FlagUnload = 0x1;
    public const ulong FlagOnCrash = 0x2;
    public const ulong FlagNoInitramfs = 0x4;

    /// <summary>
    /// Loads <paramref name="kernelFd"/> (and <paramref name="initrdFd"/>, or -1 for none) with
    /// <paramref name="cmdline"/>. The kernel wants the command-line length including its
    /// terminating NUL (kernel/kexec_file.c: kimage_file_prepare_segments).
    /// </summary>
    public static unsafe void Load(int kernelFd, int initrdFd, string cmdline, ulong flags = 0)
    {
        if (initrdFd < 0)
            flags |= FlagNoInitramfs;
        var bytes = Encoding.UTF8.GetBytes(cmdline + "\0");
        fixed (byte* p = bytes)
        {
            long r = Libc.Syscall(SyscallNumbers.KexecFileLoad, kernelFd, initrdFd < 0 ? -1 : initrdFd, bytes.Length, (long)p, (long)flags);
            ErrnoException.Check(r, "kexec_file_load");
        }
    }

    /// <summary>Unloads a previously loaded kernel (the crash kernel with <paramref name="crash"/>).</summary>
    public static void Unload(bool crash = false) =>
        ErrnoException.Check(Libc.Syscall(SyscallNumbers.KexecFileLoad, -1, -1, 0, 0, (long)(FlagUnload | (crash ? FlagOnCrash : 0))), "kexec_file_load(unload)");
}
