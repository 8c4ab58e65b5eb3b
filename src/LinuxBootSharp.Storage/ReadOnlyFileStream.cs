namespace LinuxBootSharp.Storage;

/// <summary>
/// The Stream plumbing every file reader shares: seekable, read-only, a fixed length. A
/// subclass only maps a file position to device reads in <see cref="ReadCore"/>; reads past the
/// end are clamped here, and any write is refused (this library has no write path).
/// </summary>
public abstract class ReadOnlyFileStream : Stream
{
    private long _position;

    protected ReadOnlyFileStream(long length) => Length = length >= 0 ? length : throw new ArgumentOutOfRangeException(nameof(length));

    public sealed override bool CanRead => true;
    public sealed override bool CanSeek => true;
    public sealed override bool CanWrite => false;
    public sealed override long Length { get; }

    public sealed override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    /// <summary>Fills <paramref name="buffer"/> (never empty, never past the end) from file offset <paramref name="position"/>; returns the bytes read.</summary>
    protected abstract int ReadCore(long position, Span<byte> buffer);

    public sealed override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public sealed override int Read(Span<byte> buffer)
    {
        if (_position >= Length || buffer.IsEmpty)
            return 0;
        if (buffer.Length > Length - _position)
            buffer = buffer[..(int)(Length - _position)];
        int n = ReadCore(_position, buffer);
        _position += n;
        return n;
    }

    public sealed override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => Length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        return _position;
    }

    public sealed override void Flush() { }
    public sealed override void SetLength(long value) => throw new NotSupportedException("read-only");
    public sealed override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("read-only");
}
