using System.Text;

namespace LinuxBootSharp.Interop;

/// <summary>
/// NUL-terminated UTF-8 for the <c>byte*</c> string parameters of Tmds.LibC's imports (it takes
/// raw pointers and does no string marshalling). Short strings — every path PID 1 opens — go to a
/// caller-provided stack buffer, as the generated UTF-8 string marshaller did.
/// </summary>
internal static class Utf8Z
{
    /// <summary>Size of the stack buffer callers pass; longer strings get a heap array.</summary>
    public const int StackBytes = 256;

    /// <summary>
    /// Encodes <paramref name="s"/> plus a terminating NUL into <paramref name="stackBuffer"/> when it
    /// fits, else into a new array. An embedded NUL ends the string for the kernel, as it would in C.
    /// </summary>
    public static ReadOnlySpan<byte> Encode(string s, Span<byte> stackBuffer)
    {
        int max = Encoding.UTF8.GetMaxByteCount(s.Length) + 1;
        Span<byte> buffer = max <= stackBuffer.Length ? stackBuffer : new byte[max];
        int n = Encoding.UTF8.GetBytes(s, buffer);
        buffer[n] = 0;
        return buffer[..(n + 1)];
    }
}
