using System.Globalization;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.BootConfig.Grub;

/// <summary>
/// Maps GRUB device names and <c>(device)/path</c> file names onto the scanned file systems
/// (GRUB manual "Naming convention", "How to specify files"): <c>hdN</c> is the N-th disk in scan
/// order, <c>,gptM</c>/<c>,msdosM</c>/<c>,M</c> its partition M (counted from 1), a file name
/// without a device uses <c>$root</c>, and loopback names (<c>loopback NAME FILE</c>) map to the
/// opened image. Beyond GRUB, a device name that equals a file system's UUID or label is accepted
/// (petitboot does the same); GRUB would report "disk not found" there.
/// </summary>
public sealed class GrubDevices
{
    /// <summary>Loopback devices one config may create (each holds an opened image).</summary>
    public const int MaxLoopbackDevices = 16;

    private readonly IReadOnlyList<IFileTree> _volumes;
    private readonly Dictionary<string, IFileTree> _loopbacks = new(StringComparer.Ordinal);

    public GrubDevices(IReadOnlyList<IFileTree> volumes) => _volumes = volumes;

    public IReadOnlyList<IFileTree> Volumes => _volumes;

    /// <summary>The name GRUB would show for a file system: "hd0,gpt2" when it sits on a scanned
    /// disk, otherwise its UUID, label or device (which <see cref="Find"/> accepts back).</summary>
    public static string NameOf(FileSystemIdentity id) =>
        id.GrubDevice ?? (string.IsNullOrEmpty(id.Uuid) ? null : id.Uuid) ?? (string.IsNullOrEmpty(id.Label) ? null : id.Label) ?? id.Device;

    public string NameOf(IFileTree tree)
    {
        foreach (var (name, t) in _loopbacks)
            if (ReferenceEquals(t, tree))
                return name;
        return NameOf(tree.Identity);
    }

    public bool AddLoopback(string name, IFileTree tree)
    {
        if (!_loopbacks.ContainsKey(name) && _loopbacks.Count >= MaxLoopbackDevices)
            return false;
        _loopbacks[name] = tree;
        return true;
    }

    public bool RemoveLoopback(string name) => _loopbacks.Remove(name);

    /// <summary>The file system a device name denotes, or null ("disk not found").</summary>
    public IFileTree? Find(string device)
    {
        var d = device.Trim();
        // Old configs write root=(hd0,1); GRUB tolerates the parentheses there.
        if (d.Length >= 2 && d[0] == '(' && d[^1] == ')')
            d = d[1..^1];
        if (d.Length == 0)
            return null;
        if (_loopbacks.TryGetValue(d, out var loop))
            return loop;
        if (TryParseDiskName(d, out int disk, out string? scheme, out int? part))
        {
            foreach (var v in _volumes)
            {
                var id = v.Identity;
                if (id.DiskIndex != disk)
                    continue;
                if (part is null ? id.PartitionNumber is null : id.PartitionNumber == part && (scheme is null || id.PartitionScheme == scheme))
                    return v;
            }
            return null;
        }
        foreach (var v in _volumes)
            if (NameOf(v.Identity) == d)
                return v;
        foreach (var v in _volumes)
            if (v.Identity.Uuid is { Length: > 0 } u && string.Equals(u, d, StringComparison.OrdinalIgnoreCase))
                return v;
        foreach (var v in _volumes)
            if (v.Identity.Label is { Length: > 0 } l && l == d)
                return v;
        foreach (var v in _volumes)
            if (v.Identity.Device == d)
                return v;
        return null;
    }

    /// <summary>"hd0", "hd0,gpt2", "hd1,msdos5", "hd0,1" (GRUB 2 counts partitions from 1).</summary>
    public static bool TryParseDiskName(string name, out int disk, out string? scheme, out int? partition)
    {
        disk = 0;
        scheme = null;
        partition = null;
        if (!name.StartsWith("hd", StringComparison.Ordinal))
            return false;
        var rest = name.AsSpan(2);
        int comma = rest.IndexOf(',');
        var diskPart = comma < 0 ? rest : rest[..comma];
        if (diskPart.Length == 0 || !int.TryParse(diskPart, NumberStyles.None, CultureInfo.InvariantCulture, out disk))
            return false;
        if (comma < 0)
            return true;
        var p = rest[(comma + 1)..];
        // Nested BSD labels ("hd0,msdos1,bsd1") are not produced by our partition readers.
        if (p.IndexOf(',') >= 0)
            return false;
        if (p.StartsWith("gpt"))
        {
            scheme = "gpt";
            p = p[3..];
        }
        else if (p.StartsWith("msdos"))
        {
            scheme = "msdos";
            p = p[5..];
        }
        if (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1)
            return false;
        partition = n;
        return true;
    }

    /// <summary>
    /// Resolves a GRUB file name: "(dev)/path", "()/path" or "/path" (device from
    /// <paramref name="root"/>), "(dev)" alone (the whole device). GRUB's file systems require an
    /// absolute path after the device (grub-core/fs/fshelp.c: "invalid file name").
    /// </summary>
    public GrubPath Resolve(string name, string? root)
    {
        string? device;
        string path;
        if (name.StartsWith('('))
        {
            int close = name.IndexOf(')');
            if (close < 0)
                return new GrubPath(null, "", $"invalid file name '{name}': missing ')'");
            device = name[1..close];
            path = name[(close + 1)..];
            if (device.Length == 0)
                device = root;
        }
        else
        {
            device = root;
            path = name;
        }
        if (string.IsNullOrEmpty(device))
            return new GrubPath(null, path, $"no device for '{name}' ($root is not set)");
        var tree = Find(device);
        if (tree is null)
            return new GrubPath(null, path, $"disk '{device}' not found");
        if (path.Length == 0)
            return new GrubPath(tree, "", null);
        if (!path.StartsWith('/'))
            return new GrubPath(tree, path, $"invalid file name '{name}' (GRUB needs an absolute path)");
        return new GrubPath(tree, FileTree.Normalize(path), null);
    }

    public enum SearchKind
    {
        FsUuid,
        Label,
        File,
    }

    /// <summary>
    /// <c>search</c> (grub-core/commands/search.c): the first file system, in scan order, whose
    /// UUID matches case-insensitively, whose label matches exactly, or on which the file exists.
    /// Hints only reorder GRUB's probing and are ignored here. <paramref name="stat"/> looks a file up
    /// (the evaluation's, so that a read error is reported).
    /// </summary>
    public IFileTree? Search(SearchKind kind, string key, Func<IFileTree, string, FileStat?> stat)
    {
        IEnumerable<IFileTree> all = _volumes.Concat(_loopbacks.Values);
        foreach (var v in all)
        {
            bool hit = kind switch
            {
                SearchKind.FsUuid => v.Identity.Uuid is { Length: > 0 } u && string.Equals(u, key, StringComparison.OrdinalIgnoreCase),
                SearchKind.Label => v.Identity.Label is { Length: > 0 } l && l == key,
                _ => key.StartsWith('/') && stat(v, key) is not null,
            };
            if (hit)
                return v;
        }
        return null;
    }
}
