using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace LinuxBootSharp.Interop;

/// <summary>A failed system call: names the call, the errno and, where given, what it was called on.</summary>
public sealed class ErrnoException : Exception
{
    public ErrnoException(string call, Errno errno, string? subject = null)
        : base(subject is null
            ? $"{call}: {errno} ({ErrnoText.Describe(errno)})"
            : $"{call}({subject}): {errno} ({ErrnoText.Describe(errno)})")
    {
        Call = call;
        Errno = errno;
        Subject = subject;
    }

    public string Call { get; }
    public Errno Errno { get; }
    public string? Subject { get; }

    /// <summary>
    /// errno saved by the last P/Invoke declared with SetLastError on this thread: our own
    /// hand-written imports and almost every Tmds.LibC import. Tmds.LibC's own <c>LibC.errno</c> reads
    /// the same slot (it returns Marshal.GetLastWin32Error, which .NET 6+ keeps identical to
    /// GetLastPInvokeError), so either spelling gives the same value.
    /// </summary>
    public static Errno LastErrno => (Errno)Marshal.GetLastPInvokeError();

    /// <summary>
    /// errno read straight from libc's thread-local variable, for the few Tmds.LibC 0.5.0 imports
    /// declared without SetLastError (poll, ppoll): for those the saved slot above is stale. Read it
    /// immediately after the call, before anything else that could make a system call.
    /// </summary>
    internal static Errno LastSystemErrno => (Errno)Marshal.GetLastSystemError();

    [DoesNotReturn]
    public static void ThrowLast(string call, string? subject = null) => throw new ErrnoException(call, LastErrno, subject);

    /// <summary>Throws for a -1 result, returns any other.</summary>
    public static int Check(int result, string call, string? subject = null)
    {
        if (result == -1)
            ThrowLast(call, subject);
        return result;
    }

    public static long Check(long result, string call, string? subject = null)
    {
        if (result == -1)
            ThrowLast(call, subject);
        return result;
    }
}
