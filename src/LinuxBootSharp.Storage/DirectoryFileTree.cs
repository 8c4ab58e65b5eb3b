namespace LinuxBootSharp.Storage;

/// <summary>
/// A host directory seen as a read-only file tree (for <c>lbs scan DIR</c> and for parser
/// tests on plain directories). Symlinks are resolved inside the tree: an absolute target
/// is taken relative to the tree's root, as it would be on the mounted file system, so a
/// link can never escape to the host.
/// </summary>
public sealed class DirectoryFileTree : IFileTree
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

    public FileSystemIdentity Identity { get; }

    /// <summary>Walks the path component by component, following symlinks inside the tree.</summary>
    private string? Resolve(string path, bool followLast)
    {
        var pending = new Stack<string>();
        var comps = FileTree.SplitPath(path);
        for (int i = comps.Count - 1; i >= 0; i--)
            pending.Push(comps[i]);
        var resolved = new List<string>();
        int follows = 0;
        while (pending.Count > 0)
        {
            var c = pending.Pop();
            if (c == ".")
                continue;
            if (c == "..")
            {
                if (resolved.Count > 0)
                    resolved.RemoveAt(resolved.Count - 1);
                continue;
            }
            var host = HostPath(resolved) + "/" + c;
            FileSystemInfo info = new FileInfo(host);
            if (!info.Exists)
            {
                info = new DirectoryInfo(host);
                if (!info.Exists && info.LinkTarget is null)
                    return null;
            }
            bool last = pending.Count == 0;
            if (info.LinkTarget is string target && (!last || followLast))
            {
                if (++follows > FileTree.MaxSymlinkFollows)
                    FileTreeException.Throw(Identity.Device, path, "too many levels of symbolic links");
                if (target.StartsWith('/'))
                    resolved.Clear();
                // Re-process the target's components in place of this one (handles "..").
                var raw = target.Split('/', StringSplitOptions.RemoveEmptyEntries);
                for (int i = raw.Length - 1; i >= 0; i--)
                    pending.Push(raw[i]);
                continue;
            }
            resolved.Add(c);
        }
        return HostPath(resolved);
    }

    private string HostPath(List<string> comps) => comps.Count == 0 ? _root : _root + "/" + string.Join('/', comps);

    private static FileStat? StatHost(string host)
    {
        var fi = new FileInfo(host);
        if (fi.LinkTarget is not null)
            return new FileStat(FileKind.Symlink, fi.LinkTarget.Length, 0xA1FF, fi.LastWriteTimeUtc);
        if (fi.Exists)
            return new FileStat(FileKind.File, fi.Length, (uint)fi.UnixFileMode | 0x8000, fi.LastWriteTimeUtc);
        var di = new DirectoryInfo(host);
        if (di.LinkTarget is not null)
            return new FileStat(FileKind.Symlink, di.LinkTarget.Length, 0xA1FF, di.LastWriteTimeUtc);
        if (di.Exists)
            return new FileStat(FileKind.Directory, 0, (uint)di.UnixFileMode | 0x4000, di.LastWriteTimeUtc);
        return null;
    }

    public FileStat? TryStat(string path)
    {
        var host = Resolve(path, followLast: true);
        return host is null ? null : StatHost(host);
    }

    public FileStat? TryLStat(string path)
    {
        var host = Resolve(path, followLast: false);
        return host is null ? null : StatHost(host);
    }

    public IReadOnlyList<DirectoryEntry> ListDirectory(string path)
    {
        var host = Resolve(path, followLast: true);
        if (host is null)
            FileTreeException.NotFound(Identity.Device, path);
        if (!Directory.Exists(host))
            FileTreeException.Throw(Identity.Device, path, "not a directory");
        var list = new List<DirectoryEntry>();
        foreach (var e in new DirectoryInfo(host).EnumerateFileSystemInfos())
        {
            var kind = e.LinkTarget is not null ? FileKind.Symlink
                : e is DirectoryInfo ? FileKind.Directory
                : FileKind.File;
            list.Add(new DirectoryEntry(e.Name, kind));
        }
        list.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return list;
    }

    public Stream OpenRead(string path)
    {
        var host = Resolve(path, followLast: true);
        if (host is null || !File.Exists(host))
            FileTreeException.NotFound(Identity.Device, path);
        return new FileStream(host, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
    }

    public string ReadLink(string path)
    {
        var host = Resolve(path, followLast: false);
        if (host is null)
            FileTreeException.NotFound(Identity.Device, path);
        var fi = new FileInfo(host);
        return fi.LinkTarget ?? new DirectoryInfo(host).LinkTarget
            ?? throw new FileTreeException(Identity.Device, path, "not a symbolic link");
    }
}
