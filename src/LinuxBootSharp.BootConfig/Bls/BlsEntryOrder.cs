using System.Text;

namespace LinuxBootSharp.BootConfig.Bls;

/// <summary>
/// Menu order of Type #1 entries and UKIs, best first, as the Boot Loader Specification's
/// "Sorting" section lays it down.
/// </summary>
public sealed class BlsEntryOrder : IComparer<BlsEntry>
{
    public static BlsEntryOrder Instance { get; } = new();

    public int Compare(BlsEntry? a, BlsEntry? b)
    {
        if (ReferenceEquals(a, b))
            return 0;
        if (a is null || b is null)
            return a is null ? 1 : -1;
        return Compare(
            new Key(a.IsBad, a.SortKey, a.MachineId, a.Version, a.FileName, a.TriesLeft, a.TriesDone),
            new Key(b.IsBad, b.SortKey, b.MachineId, b.Version, b.FileName, b.TriesLeft, b.TriesDone));
    }

    /// <summary>The facts the ordering looks at; shared with UKIs, which sort in the same list.</summary>
    public readonly record struct Key(bool IsBad, string? SortKey, string? MachineId, string? Version, string Id, int? TriesLeft, int? TriesDone);

    public static int Compare(Key a, Key b)
    {
        // Rule 1: "bad" entries (boot counting, no tries left) after all others.
        if (a.IsBad != b.IsBad)
            return a.IsBad ? 1 : -1;

        bool ka = !string.IsNullOrEmpty(a.SortKey), kb = !string.IsNullOrEmpty(b.SortKey);
        if (ka && kb)
        {
            // Rule 2: sort-key and machine-id increasing (strcmp order), version decreasing.
            int c = Alphanumerical(a.SortKey, b.SortKey);
            if (c == 0)
                c = Alphanumerical(a.MachineId, b.MachineId);
            if (c == 0)
                c = -UapiVersion.Compare(a.Version, b.Version);
            if (c != 0)
                return c;
        }
        else if (ka != kb)
        {
            // Rule 3: an entry with a sort-key sorts earlier.
            return ka ? -1 : 1;
        }

        // Rule 4: file name without suffix, decreasing version order.
        int r = -UapiVersion.Compare(a.Id, b.Id);
        if (r != 0)
            return r;

        // Same name except for the counter (Note under "Sorting"): more tries left first,
        // then fewer failed tries first; uncounted ("good") entries before counted ones.
        if (a.TriesLeft != b.TriesLeft)
            return a.TriesLeft is null ? -1 : b.TriesLeft is null ? 1 : b.TriesLeft.Value.CompareTo(a.TriesLeft.Value);
        return (a.TriesDone ?? 0).CompareTo(b.TriesDone ?? 0);
    }

    /// <summary>
    /// "Alphanumerical Order": strcmp(3) on the UTF-8 bytes; an unspecified or empty string is lower.
    /// </summary>
    public static int Alphanumerical(string? a, string? b)
    {
        bool ea = string.IsNullOrEmpty(a), eb = string.IsNullOrEmpty(b);
        if (ea || eb)
            return ea == eb ? 0 : (ea ? -1 : 1);
        // UTF-8 byte order equals code-point order; ordinal UTF-16 order differs only for
        // surrogates, so compare the encoded bytes to match strcmp exactly.
        return Math.Sign(Encoding.UTF8.GetBytes(a!).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b!)));
    }
}
