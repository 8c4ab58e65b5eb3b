namespace LinuxBootSharp.Storage;

/// <summary>
/// A disk held in memory: a disk image embedded in a test or a fuzz input, or a small image
/// read whole. The array is not copied and must not change while the reader is in use.
/// </summary>
public sealed class MemoryBlockReader : IBlockReader
{
    private readonly ReadOnlyMemory<byte> _data;

    public MemoryBlockReader(ReadOnlyMemory<byte> data, string name = "memory", int sectorSize = 512)
    {
        _data = data;
        Name = name;
        SectorSize = sectorSize;
    }

    public string Name { get; }
    public long Length => _data.Length;
    public int SectorSize { get; }

    public void ReadAt(long offset, Span<byte> buffer)
    {
        BlockReader.CheckRange(this, offset, buffer.Length);
        _data.Span.Slice((int)offset, buffer.Length).CopyTo(buffer);
    }

    public void Dispose() { }
}
