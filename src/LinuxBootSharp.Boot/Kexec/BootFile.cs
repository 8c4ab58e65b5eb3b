namespace LinuxBootSharp.Boot.Kexec;

/// <summary>
/// A file to load: where it is (for messages) and how to open it as a readable stream.
/// <see cref="HostPath"/> is set for a file the kernel can read itself (a path in the running
/// system, not a file inside a disk we read in user space): it can be handed over by descriptor.
/// </summary>
public sealed record BootFile(string Display, Func<Stream> Open, string? HostPath = null)
{
    public static BootFile FromHostPath(string path) =>
        new(path, () =>
        {
            if (Directory.Exists(path))
                throw new BootLoadException($"{path}: is a directory, not a kernel or initrd file");
            if (!File.Exists(path))
                throw new BootLoadException($"{path}: no such file");
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }, path);
}

/// <summary>What to kexec: a kernel, initrds concatenated in order, and the final command line.</summary>
public sealed record BootRequest(string Title, BootFile Kernel, IReadOnlyList<BootFile> Initrds, string Cmdline);

/// <summary>Loading or executing a boot failed; the message is one complete line for the console.</summary>
public sealed class BootLoadException : Exception
{
    public BootLoadException(string message) : base(message) { }
    public BootLoadException(string message, Exception inner) : base(message, inner) { }
}
