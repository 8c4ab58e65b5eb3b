namespace LinuxBootSharp.Boot.Kexec;

/// <summary>A file to load: where it is (for messages) and how to open it as a readable stream.</summary>
public sealed record BootFile(string Display, Func<Stream> Open)
{
    public static BootFile FromHostPath(string path) =>
        new(path, () =>
        {
            if (Directory.Exists(path))
                throw new BootLoadException($"{path}: is a directory, not a kernel or initrd file");
            if (!File.Exists(path))
                throw new BootLoadException($"{path}: no such file");
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        });
}

/// <summary>What to kexec: a kernel, initrds concatenated in order, and the final command line.</summary>
public sealed record BootRequest(string Title, BootFile Kernel, IReadOnlyList<BootFile> Initrds, string Cmdline);

/// <summary>Loading or executing a boot failed; the message is one complete line for the console.</summary>
public sealed class BootLoadException : Exception
{
    public BootLoadException(string message) : base(message) { }
    public BootLoadException(string message, Exception inner) : base(message, inner) { }
}
