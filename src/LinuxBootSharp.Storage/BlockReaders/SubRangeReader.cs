namespace LinuxBootSharp.Storage;

/// <summary>
/// A window onto a parent reader: a partition. Reads are offset and bounded; disposing it does
/// not dispose the parent (the disk outlives its partitions).
/// </summary>
public sealed class SubRangeReader : IBlockReader
{
    private readonly IBlockReader _parent;
    private readonly long _offset;

    /// <param name="name">Name used in errors, e.g. "/dev/vda2" or "disk.img:2".</param>
    public SubRangeReader(IBlockReader parent, long offset, long length, string name)
    {
        if (offset < 0 || length < 0 || offset > parent.Length - length)
            InvalidDiskFormatException.Throw("partition", parent.Name, offset,
                $"{name} ({length} bytes at byte {offset}) extends beyond the end of the disk ({parent.Length} bytes)");
        _parent = parent;
        _offset = offset;
        Length = length;
        Name = name;
    }

    public string Name { get; }
    public long Length { get; }
    public int SectorSize => _parent.SectorSize;

    /// <summary>Byte offset of this range in the parent.</summary>
    public long Offset => _offset;

    public void ReadAt(long offset, Span<byte> buffer)
    {
        BlockReader.CheckRange(this, offset, buffer.Length);
        _parent.ReadAt(_offset + offset, buffer);
    }

    public void Dispose() { }
}
