using Tmds.Linux;

namespace LinuxBootSharp.Interop;

/// <summary>delete_module(2): unload a module by name (quirks that remove drivers before kexec).</summary>
public static unsafe class DeleteModule
{
    /// <summary>delete_module(2) flags are the O_* values: O_NONBLOCK fails with EWOULDBLOCK while in use.</summary>
    public static int NonBlock => LibC.O_NONBLOCK;
    /// <summary>O_TRUNC: force removal (needs CONFIG_MODULE_FORCE_UNLOAD).</summary>
    public static int Trunc => LibC.O_TRUNC;

    /// <summary>Unloads without waiting (O_NONBLOCK), as rmmod does.</summary>
    public static void Invoke(string name) => Invoke(name, NonBlock);

    public static void Invoke(string name, int flags)
    {
        Span<byte> stack = stackalloc byte[Utf8Z.StackBytes];
        fixed (byte* p = Utf8Z.Encode(name, stack))
            ErrnoException.Check(Libc.Syscall(SyscallNumbers.DeleteModule, (long)p, flags, 0, 0, 0), "delete_module", name);
    }
}
