namespace LinuxBootSharp.Storage.FileSystems.Xfs;

/// <summary>
/// The parsed names of one directory with a hash lookup: built once per directory and cached,
/// so walking many paths through a 10,000-entry directory does not rescan its blocks. File
/// systems made with ascii-ci (the BORG version bit) compare names ignoring the case of ASCII
/// letters only, as the kernel's xfs_ascii_ci_xfrm (fs/xfs/libxfs/xfs_dir2.c) folds them.
/// </summary>
internal sealed class XfsDirIndex
{
    private readonly Dictionary<string, XfsDirEntry> _byName;

    public XfsDirIndex(List<XfsDirEntry> entries, bool caseInsensitive)
    {
        Entries = entries;
        _byName = new Dictionary<string, XfsDirEntry>(entries.Count, caseInsensitive ? AsciiCaseInsensitive.Instance : StringComparer.Ordinal);
        foreach (var e in entries)
            _byName.TryAdd(e.Name, e);
    }

    public IReadOnlyList<XfsDirEntry> Entries { get; }

    public bool TryGet(string name, out XfsDirEntry entry) => _byName.TryGetValue(name, out entry);
}

/// <summary>Equality that folds only 'A'-'Z' to 'a'-'z' (XFS ascii-ci); every other character compares exactly.</summary>
internal sealed class AsciiCaseInsensitive : IEqualityComparer<string>
{
    public static readonly AsciiCaseInsensitive Instance = new();

    private static char Fold(char c) => c is >= 'A' and <= 'Z' ? (char)(c + ('a' - 'A')) : c;

    public bool Equals(string? x, string? y)
    {
        if (x is null || y is null)
            return x is null && y is null;
        if (x.Length != y.Length)
            return false;
        for (int i = 0; i < x.Length; i++)
            if (Fold(x[i]) != Fold(y[i]))
                return false;
        return true;
    }

    public int GetHashCode(string s)
    {
        var h = new HashCode();
        foreach (var c in s)
            h.Add(Fold(c));
        return h.ToHashCode();
    }
}
