namespace LinuxBootSharp.Storage.FileSystems.Iso9660;

/// <summary>
/// An <see cref="IBlockReader"/> over a seekable read-only stream, typically a file opened from
/// another <see cref="IFileTree"/>: an .iso on a disk seen as a disk of its own (GRUB's
/// <c>loopback</c>). Reads are serialised because a stream has one position.
/// </summary>
public sealed class StreamBlockReader : IBlockReader
{
    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private readonly Lock _lock = new();

    /// <param name="sectorSize">Sector size the image presents; 512 as GRUB's loopback device does,
    /// so the MBR/GPT of a hybrid image is read with the LBAs it was written for.</param>
    public StreamBlockReader(Stream stream, string name, int sectorSize = 512, bool ownsStream = true)
    {
        if (!stream.CanSeek || !stream.CanRead)
            throw new StorageException($"{name}: a loopback image needs a readable, seekable stream");
        _stream = stream;
        _ownsStream = ownsStream;
        Name = name;
        SectorSize = sectorSize;
        Length = stream.Length;
    }

    public string Name { get; }
    public long Length { get; }
    public int SectorSize { get; }

    public void ReadAt(long offset, Span<byte> buffer)
    {
        if (offset < 0 || offset > Length - buffer.Length)
            InvalidDiskFormatException.Throw("image", Name, offset, $"read of {buffer.Length} bytes lies beyond the end of the image ({Length} bytes)");
        lock (_lock)
        {
            _stream.Position = offset;
            int done = 0;
            while (done < buffer.Length)
            {
                int n = _stream.Read(buffer[done..]);
                if (n <= 0)
                    InvalidDiskFormatException.Throw("image", Name, offset + done, $"unexpected end of data ({buffer.Length - done} bytes missing)");
                done += n;
            }
        }
    }

    public void Dispose()
    {
        if (_ownsStream)
            _stream.Dispose();
    }
}
