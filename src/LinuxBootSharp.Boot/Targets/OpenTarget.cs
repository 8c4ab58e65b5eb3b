using LinuxBootSharp.Storage;

namespace LinuxBootSharp.Boot.Targets;

/// <summary>An opened TARGET[:PART]:/path: the file tree it names, and the disk under it (closed on Dispose).</summary>
public sealed class OpenTarget(IBlockReader disk, IFileTree tree, TargetPath target) : IDisposable
{
    public IFileTree Tree { get; } = tree;

    public TargetPath Target { get; } = target;

    public void Dispose() => disk.Dispose();
}
