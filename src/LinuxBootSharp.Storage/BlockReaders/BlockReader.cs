using System.Diagnostics.CodeAnalysis;

namespace LinuxBootSharp.Storage;

/// <summary>Helpers shared by every <see cref="IBlockReader"/> implementation and its callers.</summary>
public static class BlockReader
{
    /// <summary>Throws the one error every reader gives for a read outside its range.</summary>
    public static void CheckRange(IBlockReader reader, long offset, int count)
    {
        if (offset < 0 || count < 0 || offset > reader.Length - count)
            ThrowBeyondEnd(reader.Name, offset, count, reader.Length);
    }

    [DoesNotReturn]
    public static void ThrowBeyondEnd(string name, long offset, int count, long length) =>
        InvalidDiskFormatException.Throw("block device", name, offset,
            $"read of {count} bytes beyond the end of the device ({length} bytes; truncated image?)");

    /// <summary>Reads <paramref name="count"/> bytes into a new array.</summary>
    public static byte[] ReadBytes(this IBlockReader reader, long offset, int count)
    {
        var buf = new byte[count];
        reader.ReadAt(offset, buf);
        return buf;
    }

    /// <summary>
    /// Why an open failed, in words: NativeAOT builds strip resource strings, so the exception's
    /// own message would read "UnauthorizedAccess_IODenied_Path".
    /// </summary>
    internal static string DescribeOpenFailure(Exception e) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        FileNotFoundException or DirectoryNotFoundException => "no such file or directory",
        _ => e.Message,
    };

    /// <summary>True when the whole range lies inside the reader (no exception).</summary>
    public static bool Contains(this IBlockReader reader, long offset, long count) =>
        offset >= 0 && count >= 0 && offset <= reader.Length - count;
}
