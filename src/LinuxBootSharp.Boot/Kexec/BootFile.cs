namespace LinuxBootSharp.Boot.Kexec;

/// <summary>
/// A file to load: where it is (for messages) and how to open it as a readable stream.
/// <see cref="HostPath"/> is set for a file the kernel can read itself (a path in the running
/// system, not a file inside a disk we read in user space): it can be handed over by descriptor.
/// </summary>
public sealed record BootFile(string Display, Func<Stream> Open, string? HostPath = null)
{
    /// <summary>
    /// The SHA-256 (lower-case hex) these bytes must have (--sha256, --sha256-file): the file is
    /// then always copied and hashed while staging, and a mismatch fails the boot before anything
    /// reaches the kernel.
    /// </summary>
    public string? ExpectedSha256 { get; init; }

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
public sealed record BootRequest(string Title, BootFile Kernel, IReadOnlyList<BootFile> Initrds, string Cmdline)
{
    /// <summary>Files generated in memory and appended after the initrds as one more newc archive (--append-cpio).</summary>
    public HandoffArchive? Handoff { get; init; }
}

/// <summary>Loading or executing a boot failed; the message is one complete line for the console.</summary>
public class BootLoadException : Exception
{
    public BootLoadException(string message) : base(message) { }
    public BootLoadException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>The kernel refused the load (kexec_file_load's errno): the reboot-instead path decides from <see cref="Errno"/> whether kexec is unavailable here.</summary>
public sealed class KexecRefusedException(string message, LinuxBootSharp.Interop.Errno errno, Exception inner) : BootLoadException(message, inner)
{
    public LinuxBootSharp.Interop.Errno Errno { get; } = errno;
}
