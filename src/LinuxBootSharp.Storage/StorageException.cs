using System.Diagnostics.CodeAnalysis;

namespace LinuxBootSharp.Storage;

/// <summary>Base of every error this layer throws; the message is a complete one-line sentence.</summary>
public class StorageException : Exception
{
    public StorageException(string message) : base(message) { }
    public StorageException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>
/// On-disk data is not what the format requires: names the format, the device, the byte
/// offset and what was wrong.
/// </summary>
public sealed class InvalidDiskFormatException : StorageException
{
    public InvalidDiskFormatException(string format, string device, long offset, string problem)
        : base($"{device}: {format} at byte {offset}: {problem}")
    {
        Format = format;
        Device = device;
        Offset = offset;
        Problem = problem;
    }

    public string Format { get; }
    public string Device { get; }
    public long Offset { get; }
    public string Problem { get; }

    [DoesNotReturn]
    public static void Throw(string format, string device, long offset, string problem) =>
        throw new InvalidDiskFormatException(format, device, offset, problem);
}

/// <summary>A path inside a file tree does not exist, is not a directory, or loops.</summary>
public sealed class FileTreeException : StorageException
{
    public FileTreeException(string tree, string path, string problem)
        : base($"{tree}:{path}: {problem}")
    {
        Tree = tree;
        Path = path;
        Problem = problem;
    }

    /// <summary>A host file system error (IOException, ...) at <paramref name="path"/>, kept as the inner exception.</summary>
    public FileTreeException(string tree, string path, string problem, Exception inner)
        : base($"{tree}:{path}: {problem}", inner)
    {
        Tree = tree;
        Path = path;
        Problem = problem;
    }

    public string Tree { get; }
    public string Path { get; }
    public string Problem { get; }

    [DoesNotReturn]
    public static void Throw(string tree, string path, string problem) =>
        throw new FileTreeException(tree, path, problem);

    [DoesNotReturn]
    public static void NotFound(string tree, string path) => Throw(tree, path, "no such file or directory");
}
