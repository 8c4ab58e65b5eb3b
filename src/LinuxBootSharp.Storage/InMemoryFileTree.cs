using System.Text;

namespace LinuxBootSharp.Storage;

/// <summary>
/// A file tree held in memory: parser tests, and files generated at run time.
/// Directories are implied by the files and links added under them.
/// </summary>
public sealed class InMemoryFileTree : IFileTree
{
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _links = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirs = new(StringComparer.Ordinal) { "/" };

    public InMemoryFileTree(FileSystemIdentity? identity = null) =>
        Identity = identity ?? new FileSystemIdentity { Type = "memory", Device = "memory" };

    public FileSystemIdentity Identity { get; set; }

    public InMemoryFileTree AddFile(string path, string text) => AddFile(path, Encoding.UTF8.GetBytes(text));

    public InMemoryFileTree AddFile(string path, byte[] data)
    {
        var p = FileTree.Normalize(path);
        AddParents(p);
        _files[p] = data;
        return this;
    }

    public InMemoryFileTree AddSymlink(string path, string target)
    {
        var p = FileTree.Normalize(path);
        AddParents(p);
        _links[p] = target;
        return this;
    }

    public InMemoryFileTree AddDirectory(string path)
    {
        var p = FileTree.Normalize(path);
        AddParents(p);
        _dirs.Add(p);
        return this;
    }

    private void AddParents(string p)
    {
        var d = FileTree.GetDirectory(p);
        while (_dirs.Add(d))
            d = FileTree.GetDirectory(d);
    }

    private string? Resolve(string path, bool followLast)
    {
        var pending = new Stack<string>();
        var raw = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (int i = raw.Length - 1; i >= 0; i--)
            pending.Push(raw[i]);
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
            var cur = "/" + string.Join('/', resolved.Append(c));
            if (_links.TryGetValue(cur, out var target) && (pending.Count > 0 || followLast))
            {
                if (++follows > FileTree.MaxSymlinkFollows)
                    FileTreeException.Throw(Identity.Device, path, "too many levels of symbolic links");
                if (target.StartsWith('/'))
                    resolved.Clear();
                var t = target.Split('/', StringSplitOptions.RemoveEmptyEntries);
                for (int i = t.Length - 1; i >= 0; i--)
                    pending.Push(t[i]);
                continue;
            }
            if (!_files.ContainsKey(cur) && !_dirs.Contains(cur) && !_links.ContainsKey(cur))
                return null;
            if (_files.ContainsKey(cur) && pending.Count > 0)
                return null;
            resolved.Add(c);
        }
        return "/" + string.Join('/', resolved);
    }

    private FileStat? StatResolved(string? p)
    {
        if (p is null)
            return null;
        if (_links.TryGetValue(p, out var t))
            return new FileStat(FileKind.Symlink, t.Length, 0xA1FF, null);
        if (_files.TryGetValue(p, out var f))
            return new FileStat(FileKind.File, f.Length, 0x81A4, null);
        if (_dirs.Contains(p))
            return new FileStat(FileKind.Directory, 0, 0x41ED, null);
        return null;
    }

    public FileStat? TryStat(string path) => StatResolved(Resolve(path, true));

    public FileStat? TryLStat(string path) => StatResolved(Resolve(path, false));

    public IReadOnlyList<DirectoryEntry> ListDirectory(string path)
    {
        var p = Resolve(path, true);
        if (p is null)
            FileTreeException.NotFound(Identity.Device, path);
        if (!_dirs.Contains(p))
            FileTreeException.Throw(Identity.Device, path, "not a directory");
        var prefix = p == "/" ? "/" : p + "/";
        var list = new List<DirectoryEntry>();
        void Add(IEnumerable<string> keys, FileKind kind)
        {
            foreach (var k in keys)
                if (k.Length > prefix.Length && k.StartsWith(prefix, StringComparison.Ordinal) && k.IndexOf('/', prefix.Length) < 0)
                    list.Add(new DirectoryEntry(k[prefix.Length..], kind));
        }
        Add(_files.Keys, FileKind.File);
        Add(_dirs, FileKind.Directory);
        Add(_links.Keys, FileKind.Symlink);
        list.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return list;
    }

    public Stream OpenRead(string path)
    {
        var p = Resolve(path, true);
        if (p is null || !_files.TryGetValue(p, out var data))
        {
            FileTreeException.NotFound(Identity.Device, path);
            return null!;
        }
        return new MemoryStream(data, writable: false);
    }

    public string ReadLink(string path)
    {
        var p = Resolve(path, false);
        if (p is null)
            FileTreeException.NotFound(Identity.Device, path);
        return _links.TryGetValue(p, out var t) ? t : throw new FileTreeException(Identity.Device, path, "not a symbolic link");
    }
}
