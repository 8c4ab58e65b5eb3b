using System.Diagnostics.CodeAnalysis;

namespace LinuxBootSharp.Initramfs;

/// <summary>A bad line in a layout list or a bad member of a layout tree: the message starts with
/// "FILE:LINE: " (or "FILE: " for a tree member), as compilers report, so an editor can jump to it.</summary>
public sealed class LayoutFormatException : Exception
{
    public LayoutFormatException(string file, int line, string message)
        : base(line > 0 ? $"{file}:{line}: {message}" : $"{file}: {message}")
    {
        File = file;
        Line = line;
    }

    public string File { get; }

    /// <summary>1-based line of the list; 0 for a tree member or a whole-file problem.</summary>
    public int Line { get; }

    [DoesNotReturn]
    public static void Throw(string file, int line, string message) => throw new LayoutFormatException(file, line, message);
}
