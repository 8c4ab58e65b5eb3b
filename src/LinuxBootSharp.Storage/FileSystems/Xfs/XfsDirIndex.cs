namespace LinuxBootSharp.Storage.FileSystems.Xfs;

/// <summary>
/// The parsed names of one directory with a hash lookup: built once per directory and cached,
/// so walking many paths through a 10,000-entry directory does not rescan its blocks. File
/// systems made with ascii-ci (the BORG version bit) compare names case-insensitively.
/// </summary>
internal sealed class XfsDirIndex
{
    private readonly Dictionary<string, XfsDirEntry> _byName;

    public XfsDirIndex(List<XfsDirEntry> entries, bool caseInsensitive)
    {
        Entries = entries;
        _byName = new Dictionary<string, XfsDirEntry>(entries.Count, caseInsensitive ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (var e in entries)
            _byName.TryAdd(e.Name, e);
    }

    public IReadOnlyList<XfsDirEntry> Entries { get; }

    public bool TryGet(string name, out XfsDirEntry entry) => _byName.TryGetValue(name, out entry);
}
