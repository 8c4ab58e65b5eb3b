namespace LinuxBootSharp.Storage;

/// <summary>A file or directory found in a FAT directory (or the root).</summary>
public sealed class FatNode
{
    public required string Name { get; init; }
    public string? ShortName { get; init; }
    public required byte Attributes { get; init; }
    public required uint FirstCluster { get; init; }
    public required long Size { get; init; }
    public DateTimeOffset? Modified { get; init; }
    public bool IsRoot { get; init; }

    /// <summary>Byte offset of the 32-byte entry on the volume (for error messages).</summary>
    public long EntryOffset { get; init; }

    public const byte AttrReadOnly = 0x01;
    public const byte AttrVolumeId = 0x08;
    public const byte AttrDirectory = 0x10;
    public const byte AttrLongName = 0x0F;

    public bool IsDirectory => IsRoot || (Attributes & AttrDirectory) != 0;
}
