using System.Runtime.InteropServices;

namespace LinuxBootSharp.Interop;

/// <summary>
/// Holds a reference on a SafeHandle for the length of a raw-descriptor call. Tmds.LibC's imports
/// take an <c>int fd</c>, not a SafeHandle, so nothing else would stop another thread from closing
/// (and the kernel from reusing) the descriptor mid-call — the guarantee SafeHandle marshalling gave.
/// </summary>
internal ref struct FdLease
{
    private readonly SafeHandle _handle;
    private bool _added;

    public FdLease(SafeHandle handle)
    {
        _handle = handle;
        handle.DangerousAddRef(ref _added);
        Fd = (int)handle.DangerousGetHandle();
    }

    public int Fd { get; }

    public void Dispose()
    {
        if (_added)
        {
            _added = false;
            _handle.DangerousRelease();
        }
    }
}
