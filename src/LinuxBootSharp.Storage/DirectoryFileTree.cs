namespace LinuxBootSharp.Storage;

/// <summary>
/// A host directory seen as a read-only file tree (for <c>lbs scan DIR</c> and for parser
/// tests on plain directories). Nodes are host paths; the path walk is <see cref="NodeFileTree{TNode}"/>'s,
/// so symlinks resolve inside the tree: an absolute target is taken relative to the tree's root,
/// as it would be on the mounted file system, and a link can never escape to the host.
/// Every error of the host file system (IOException, UnauthorizedAccessException), from a call
/// or from a stream it returned, becomes a <see cref="FileTreeException"/> naming the tree path,
/// as <see cref="IFileTree"/> promises.
/// </summary>
public sealed class DirectoryFileTree : NodeFileTree<string>
{
    private readonly string _root;

    public DirectoryFileTree(string root, FileSystemIdentity? identity = null)
    {
        _root = Path.GetFullPath(root).TrimEnd('/');
        if (_root.Length == 0)
            _root = "/";
        if (!Directory.Exists(_root))
            throw new StorageException($"{root}: not a directory");
        Identity = identity ?? new FileSystemIdentity { Type = "dir", Device = root };
    }

    public override FileSystemIdentity Identity { get; }

    protected override string Root => _root;

    private static string? LinkTarget(string host) => new FileInfo(host).LinkTarget ?? new DirectoryInfo(host).LinkTarget;

    /// <summary>The tree path of a host node, for messages.</summary>
    private string TreePath(string node) => _root == "/" ? node : node.Length > _root.Length ? node[_root.Length..] : "/";

    private FileTreeException HostError(string path, Exception e) => new(Identity.Device, path, e.Message, e);

    protected override FileKind KindOf(string node)
    {
        // lstat's S_IFMT, not File.Exists: .NET reports a FIFO, socket or device node as an
        // existing file, and opening a FIFO blocks until a writer appears - `lbs scan DIR` must
        // never hang on a directory that holds one. Such nodes are FileKind.Other, never opened.
        try
        {
            return LinuxBootSharp.Interop.FileType.Of(node) switch
            {
                LinuxBootSharp.Interop.HostFileType.Symlink => FileKind.Symlink,
                LinuxBootSharp.Interop.HostFileType.Directory => FileKind.Directory,
                LinuxBootSharp.Interop.HostFileType.Regular => FileKind.File,
                _ => FileKind.Other,
            };
        }
        catch (LinuxBootSharp.Interop.ErrnoException e)
        {
            throw HostError(TreePath(node), e);
        }
    }

    protected override string? Lookup(string directory, string name, string pathForErrors)
    {
        var host = directory == "/" ? "/" + name : directory + "/" + name;
        // One lstat answers it; a dangling symlink exists too (resolving it is the walk's job).
        try
        {
            return LinuxBootSharp.Interop.FileType.Of(host) == LinuxBootSharp.Interop.HostFileType.Missing ? null : host;
        }
        catch (LinuxBootSharp.Interop.ErrnoException e)
        {
            throw HostError(pathForErrors, e);
        }
    }

    protected override string ReadLinkTarget(string link, string pathForErrors)
    {
        try
        {
            return LinkTarget(link) ?? "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw HostError(pathForErrors, e);
        }
    }

    protected override FileStat StatNode(string node)
    {
        try
        {
            switch (KindOf(node))
            {
                case FileKind.Symlink:
                    var t = LinkTarget(node) ?? "";
                    return new FileStat(FileKind.Symlink, t.Length, 0xA1FF, new DateTimeOffset(new FileInfo(node).LastWriteTimeUtc.Ticks, TimeSpan.Zero));
                case FileKind.Directory:
                    var di = new DirectoryInfo(node);
                    return new FileStat(FileKind.Directory, 0, (uint)di.UnixFileMode | 0x4000, new DateTimeOffset(di.LastWriteTimeUtc.Ticks, TimeSpan.Zero));
                case FileKind.File:
                    var fi = new FileInfo(node);
                    return new FileStat(FileKind.File, fi.Length, (uint)fi.UnixFileMode | 0x8000, new DateTimeOffset(fi.LastWriteTimeUtc.Ticks, TimeSpan.Zero));
                default:
                    var oi = new FileInfo(node);
                    return new FileStat(FileKind.Other, 0, (uint)oi.UnixFileMode, new DateTimeOffset(oi.LastWriteTimeUtc.Ticks, TimeSpan.Zero));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw HostError(TreePath(node), e);
        }
    }

    protected override IReadOnlyList<DirectoryEntry> ListNode(string directory, string pathForErrors)
    {
        var list = new List<DirectoryEntry>();
        try
        {
            foreach (var e in new DirectoryInfo(directory).EnumerateFileSystemInfos())
            {
                list.Add(new DirectoryEntry(e.Name, KindOf(e.FullName)));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw HostError(pathForErrors, e);
        }
        list.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return list;
    }

    protected override Stream OpenNode(string file, string pathForErrors)
    {
        Microsoft.Win32.SafeHandles.SafeFileHandle? handle = null;
        try
        {
            handle = File.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return new HostFileStream(handle, RandomAccess.GetLength(handle), this, pathForErrors);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            handle?.Dispose();
            throw HostError(pathForErrors, e);
        }
    }

    /// <summary>A host file read with positioned reads; a read error becomes a <see cref="FileTreeException"/>.</summary>
    private sealed class HostFileStream(Microsoft.Win32.SafeHandles.SafeFileHandle handle, long length, DirectoryFileTree tree, string path)
        : ReadOnlyFileStream(length)
    {
        protected override int ReadCore(long position, Span<byte> buffer)
        {
            try
            {
                return RandomAccess.Read(handle, buffer, position);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw tree.HostError(path, e);
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                handle.Dispose();
            base.Dispose(disposing);
        }
    }
}
