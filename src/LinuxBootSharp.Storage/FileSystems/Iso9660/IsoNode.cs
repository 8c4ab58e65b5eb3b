namespace LinuxBootSharp.Storage.FileSystems.Iso9660;

/// <summary>One file, directory or symlink of an ISO9660 tree, with every extent of its data.</summary>
public sealed class IsoNode
{
    public required string Name { get; init; }
    public required FileKind Kind { get; init; }

    /// <summary>Total data length; the sum of all extents for a multi-extent file (ECMA-119 6.5.1).</summary>
    public required long Size { get; init; }

    /// <summary>(byte offset on the device, length) of each extent, in file order.</summary>
    public required IReadOnlyList<(long Offset, long Length)> Extents { get; init; }
    public required uint Mode { get; init; }
    public required DateTimeOffset? Modified { get; init; }
    public string? LinkTarget { get; init; }
}
