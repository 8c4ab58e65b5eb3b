using System.Text;

namespace LinuxBootSharp.Storage;

/// <summary>
/// A file tree held in memory: parser tests, and files generated at run time. Directories are
/// implied by the files and links added under them. Nodes are normalised paths; the path walk
/// is <see cref="NodeFileTree{TNode}"/>'s.
/// </summary>
public sealed class InMemoryFileTree : NodeFileTree<string>
{
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _links = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirs = new(StringComparer.Ordinal) { "/" };

    public InMemoryFileTree(FileSystemIdentity? identity = null) =>
        Identity = identity ?? new FileSystemIdentity { Type = "memory", Device = "memory" };

    public override FileSystemIdentity Identity { get; }

    protected override string Root => "/";

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

    protected override FileKind KindOf(string node) =>
        _links.ContainsKey(node) ? FileKind.Symlink
        : _files.ContainsKey(node) ? FileKind.File
        : FileKind.Directory;

    protected override string? Lookup(string directory, string name, string pathForErrors)
    {
        var p = directory == "/" ? "/" + name : directory + "/" + name;
        return _links.ContainsKey(p) || _files.ContainsKey(p) || _dirs.Contains(p) ? p : null;
    }

    protected override string ReadLinkTarget(string link, string pathForErrors) => _links[link];

    protected override FileStat StatNode(string node) =>
        _links.TryGetValue(node, out var t) ? new FileStat(FileKind.Symlink, t.Length, 0xA1FF, null)
        : _files.TryGetValue(node, out var f) ? new FileStat(FileKind.File, f.Length, 0x81A4, null)
        : new FileStat(FileKind.Directory, 0, 0x41ED, null);

    protected override IReadOnlyList<DirectoryEntry> ListNode(string directory, string pathForErrors)
    {
        var prefix = directory == "/" ? "/" : directory + "/";
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

    protected override Stream OpenNode(string file, string pathForErrors) => new MemoryStream(_files[file], writable: false);
}
