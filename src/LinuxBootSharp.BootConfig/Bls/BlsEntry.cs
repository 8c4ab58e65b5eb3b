namespace LinuxBootSharp.BootConfig.Bls;

/// <summary>
/// One Type #1 entry file as written (Boot Loader Specification, "Type #1 Boot Loader Entry
/// Keys"): values are raw literal strings, nothing is expanded or resolved, so GRUB's
/// <c>blscfg</c> can expand its <c>$variables</c> in them and <c>BlsParser</c> can
/// resolve paths against the entry's file system.
/// </summary>
public sealed class BlsEntry
{
    /// <summary>Entry id: the file name without ".conf" and without the boot-counting suffix.</summary>
    public required string FileName { get; init; }

    /// <summary>Path of the entry file in its tree, e.g. "/loader/entries/x+3-0.conf".</summary>
    public required string Path { get; init; }

    public string? Title { get; set; }
    public string? Version { get; set; }
    public string? MachineId { get; set; }
    public string? SortKey { get; set; }
    public string? Linux { get; set; }

    /// <summary>Every <c>initrd</c> value, in file order (the key may repeat).</summary>
    public List<string> Initrds { get; } = [];

    /// <summary>Every <c>options</c> value, in file order; joined with one space to form the command line.</summary>
    public List<string> Options { get; } = [];

    public string? Devicetree { get; set; }

    /// <summary><c>devicetree-overlay</c> values split on whitespace, in order; the key may repeat.</summary>
    public List<string> DevicetreeOverlays { get; } = [];

    public string? Architecture { get; set; }
    public string? Efi { get; set; }

    /// <summary>The <c>uki</c> key: a unified kernel image referenced from a Type #1 entry.</summary>
    public string? Uki { get; set; }

    /// <summary>Every <c>extra</c> value (credentials, system/config extensions), in order.</summary>
    public List<string> Extras { get; } = [];

    /// <summary>Boot counting ("Boot counting" section): tries left, null when the name carries no counter.</summary>
    public int? TriesLeft { get; init; }

    /// <summary>Failed tries so far; 0 when the counter has no "-N" part, null without a counter.</summary>
    public int? TriesDone { get; init; }

    /// <summary>A counted entry with no tries left is "bad" and sorts after every other entry.</summary>
    public bool IsBad => TriesLeft == 0;

    /// <summary>1-based line of each key's first (for lists: last) occurrence, for diagnostics.</summary>
    public Dictionary<string, int> Lines { get; } = new(StringComparer.Ordinal);

    /// <summary>Options joined as the specification says: "combined in the order they are listed".</summary>
    public string JoinedOptions => string.Join(' ', Options);

    public int LineOf(string key) => Lines.TryGetValue(key, out var l) ? l : 1;

    public override string ToString() => FileName;
}
