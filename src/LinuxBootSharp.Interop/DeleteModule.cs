using System.Text;

namespace LinuxBootSharp.Interop;

/// <summary>delete_module(2): unload a module by name (quirks that remove drivers before kexec).</summary>
public static class DeleteModule
{
    // include/uapi/asm-generic/fcntl.h
    public const int NonBlock = 0x800;
    public const int Trunc = 0x200;

    public static unsafe void Invoke(string name, int flags = NonBlock)
    {
        var n = Encoding.UTF8.GetBytes(name + "\0");
        fixed (byte* p = n)
            ErrnoException.Check(Libc.Syscall5(SyscallNumbers.DeleteModule, (long)p, flags, 0, 0, 0), "delete_module", name);
    }
}
