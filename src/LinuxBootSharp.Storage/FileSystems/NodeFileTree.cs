namespace LinuxBootSharp.Storage;

/// <summary>
/// Base for file trees read from a file system image: implements path resolution once
/// (component walk, "." and "..", symlinks followed with the MAXSYMLINKS limit) over a few
/// per-format primitives on nodes (an ext inode, a FAT directory entry, ...).
/// </summary>
/// <typeparam name="TNode">The file system's own handle for a file or directory.</typeparam>
public abstract class NodeFileTree<TNode> : IFileTree where TNode : class
{
    /// <summary>Longest path accepted, as Linux's PATH_MAX (include/uapi/linux/limits.h).</summary>
    public const int MaxPathLength = 4096;

    public abstract FileSystemIdentity Identity { get; }

    protected abstract TNode Root { get; }

    protected abstract FileKind KindOf(TNode node);

    /// <summary>The named entry of a directory, or null. Comparison is the file system's own.</summary>
    protected abstract TNode? Lookup(TNode directory, string name, string pathForErrors);

    protected abstract string ReadLinkTarget(TNode link, string pathForErrors);

    protected abstract FileStat StatNode(TNode node);

    protected abstract IReadOnlyList<DirectoryEntry> ListNode(TNode directory, string pathForErrors);

    protected abstract Stream OpenNode(TNode file, string pathForErrors);

    /// <summary>
    /// Resolves <paramref name="path"/>; null when a component is missing. Throws
    /// <see cref="FileTreeException"/> for a symlink loop or a non-directory in the middle.
    /// </summary>
    protected TNode? Resolve(string path, bool followLast)
    {
        if (path.Length > MaxPathLength)
            FileTreeException.Throw(Identity.Device, path, $"path longer than {MaxPathLength} characters");
        var pending = new Stack<string>();
        PushComponents(pending, path);
        // The chain of directories walked so far, so ".." after a symlink goes to the real parent.
        var chain = new List<TNode> { Root };
        int follows = 0;
        while (pending.Count > 0)
        {
            var c = pending.Pop();
            if (c == ".")
                continue;
            if (c == "..")
            {
                if (chain.Count > 1)
                    chain.RemoveAt(chain.Count - 1);
                continue;
            }
            var dir = chain[^1];
            if (KindOf(dir) != FileKind.Directory)
                return null; // "a/file/b": ENOTDIR, reported as missing like stat() callers expect
            var node = Lookup(dir, c, path);
            if (node is null)
                return null;
            bool last = pending.Count == 0;
            if (KindOf(node) == FileKind.Symlink && (!last || followLast))
            {
                if (++follows > FileTree.MaxSymlinkFollows)
                    FileTreeException.Throw(Identity.Device, path, "too many levels of symbolic links");
                var target = ReadLinkTarget(node, path);
                if (target.Length == 0)
                    return null;
                if (target.StartsWith('/'))
                    chain.RemoveRange(1, chain.Count - 1);
                PushComponents(pending, target);
                continue;
            }
            chain.Add(node);
        }
        return chain[^1];
    }

    private static void PushComponents(Stack<string> pending, string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (int i = parts.Length - 1; i >= 0; i--)
            pending.Push(parts[i]);
    }

    public FileStat? TryStat(string path) => Resolve(path, followLast: true) is TNode n ? StatNode(n) : null;

    public FileStat? TryLStat(string path) => Resolve(path, followLast: false) is TNode n ? StatNode(n) : null;

    public IReadOnlyList<DirectoryEntry> ListDirectory(string path)
    {
        var node = Resolve(path, followLast: true);
        if (node is null)
            FileTreeException.NotFound(Identity.Device, path);
        if (KindOf(node) != FileKind.Directory)
            FileTreeException.Throw(Identity.Device, path, "not a directory");
        return ListNode(node, path);
    }

    public Stream OpenRead(string path)
    {
        var node = Resolve(path, followLast: true);
        if (node is null)
            FileTreeException.NotFound(Identity.Device, path);
        var kind = KindOf(node);
        if (kind == FileKind.Directory)
            FileTreeException.Throw(Identity.Device, path, "is a directory");
        if (kind != FileKind.File)
            FileTreeException.Throw(Identity.Device, path, "not a regular file");
        return OpenNode(node, path);
    }

    public string ReadLink(string path)
    {
        var node = Resolve(path, followLast: false);
        if (node is null)
            FileTreeException.NotFound(Identity.Device, path);
        if (KindOf(node) != FileKind.Symlink)
            FileTreeException.Throw(Identity.Device, path, "not a symbolic link");
        return ReadLinkTarget(node, path);
    }
}
