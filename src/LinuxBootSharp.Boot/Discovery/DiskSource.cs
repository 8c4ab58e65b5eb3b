using LinuxBootSharp.Storage;

namespace LinuxBootSharp.Boot.Discovery;

/// <summary>Something to scan: a disk (block device or image file) or a directory standing for a mounted file system.</summary>
public abstract record DiskSource(string Name);

/// <summary>A block device or image file; <see cref="Open"/> runs on the scan thread (it may block on a dead device).</summary>
public sealed record BlockDiskSource(string Name, Func<IBlockReader> Open) : DiskSource(Name);

/// <summary>A host directory read as one file system (`lbs scan DIR`).</summary>
public sealed record DirectorySource(string Name, string Path) : DiskSource(Name);

/// <summary>
/// A file tree the host already has (an in-memory tree, a network root): <see cref="Open"/> gets
/// the disk index for the tree's identity and runs on the scan thread, like a disk's open.
/// </summary>
public sealed record TreeSource(string Name, Func<int, IFileTree> Open) : DiskSource(Name);
