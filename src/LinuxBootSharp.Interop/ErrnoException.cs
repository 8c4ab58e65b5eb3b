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

    /// <summary>errno of the last P/Invoke marked SetLastError=true on this thread.</summary>
    public static Errno LastErrno => (Errno)Marshal.GetLastPInvokeError();

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
