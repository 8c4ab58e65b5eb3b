namespace LinuxBootSharp.Storage;

public enum FileKind
{
    File,
    Directory,
    Symlink,
    Other,
}

/// <summary>What stat() would say about a path (after following symlinks, unless lstat).</summary>
public readonly record struct FileStat(FileKind Kind, long Size, uint Mode, DateTimeOffset? Modified);

public readonly record struct DirectoryEntry(string Name, FileKind Kind);

/// <summary>
/// A read-only file system as the boot-config parsers see it. Paths are absolute and
/// '/'-separated ("/boot/grub/grub.cfg"); "." and ".." components are resolved; symlinks are
/// followed with a limit of <see cref="FileTree.MaxSymlinkFollows"/>. Name comparison is the
/// file system's own (case-insensitive on FAT and ISO9660 without Rock Ridge, exact elsewhere).
/// Implementations are not required to be thread-safe for concurrent calls.
/// <para>Errors: every member, and every stream <see cref="OpenRead"/> returns, throws only
/// <see cref="StorageException"/> (<see cref="FileTreeException"/> for a path problem,
/// <see cref="InvalidDiskFormatException"/> for corrupt data). An implementation over the host
/// file system wraps IOException and UnauthorizedAccessException with the path in the message,
/// so a caller needs one <c>catch (StorageException)</c> and nothing else.</para>
/// </summary>
public interface IFileTree
{
    /// <summary>Where this tree comes from: type, UUID, label, partition, device.</summary>
    FileSystemIdentity Identity { get; }

    /// <summary>Stat with symlinks followed; null when the path does not exist.</summary>
    FileStat? TryStat(string path);

    /// <summary>Stat without following a final symlink; null when the path does not exist.</summary>
    FileStat? TryLStat(string path);

    /// <summary>Entries of a directory, without "." and "..". Throws <see cref="FileTreeException"/>.</summary>
    IReadOnlyList<DirectoryEntry> ListDirectory(string path);

    /// <summary>A seekable read-only stream over a regular file. Throws <see cref="FileTreeException"/>.</summary>
    Stream OpenRead(string path);

    /// <summary>The target of a symlink, as stored. Throws <see cref="FileTreeException"/>.</summary>
    string ReadLink(string path);
}
