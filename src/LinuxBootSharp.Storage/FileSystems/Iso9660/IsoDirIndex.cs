namespace LinuxBootSharp.Storage.FileSystems.Iso9660;

/// <summary>
/// The parsed entries of one directory with a hash lookup. Names compare exactly with Rock
/// Ridge and case-insensitively otherwise (plain ISO9660 names are upper case on disc; Joliet
/// is case-preserving but Windows treats it as case-insensitive, as Linux's isofs does).
/// </summary>
internal sealed class IsoDirIndex
{
    private readonly Dictionary<string, IsoNode> _byName;

    public IsoDirIndex(List<IsoNode> entries, bool caseSensitive)
    {
        Entries = entries;
        _byName = new Dictionary<string, IsoNode>(entries.Count, caseSensitive ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);
        foreach (var e in entries)
            _byName.TryAdd(e.Name, e);
    }

    public IReadOnlyList<IsoNode> Entries { get; }

    public IsoNode? Find(string name) => _byName.GetValueOrDefault(name);
}
