namespace LinuxBootSharp.Storage.FileSystems.Iso9660;

/// <summary>
/// A seekable read-only stream over an ISO9660 file's extents (several for a multi-extent file,
/// ECMA-119 6.5.1); reads go straight from the device into the caller's buffer.
/// </summary>
internal sealed class IsoFileStream : Stream
{
    private readonly IBlockReader _device;
    private readonly IReadOnlyList<(long Offset, long Length)> _extents;
    private readonly long[] _starts; // file position where each extent begins
    private long _position;

    public IsoFileStream(IBlockReader device, IsoNode node)
    {
        _device = device;
        _extents = node.Extents;
        _starts = new long[_extents.Count];
        long p = 0;
        for (int i = 0; i < _extents.Count; i++)
        {
            _starts[i] = p;
            p += _extents[i].Length;
        }
        Length = p;
    }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length { get; }

    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position >= Length || buffer.IsEmpty)
            return 0;
        if (buffer.Length > Length - _position)
            buffer = buffer[..(int)(Length - _position)];
        int idx = Array.BinarySearch(_starts, _position);
        if (idx < 0)
            idx = ~idx - 1;
        int done = 0;
        while (done < buffer.Length)
        {
            while (_position - _starts[idx] >= _extents[idx].Length)
                idx++;
            long inExtent = _position - _starts[idx];
            int n = (int)Math.Min(buffer.Length - done, _extents[idx].Length - inExtent);
            _device.ReadAt(_extents[idx].Offset + inExtent, buffer.Slice(done, n));
            done += n;
            _position += n;
        }
        return done;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        long p = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => Length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        Position = p;
        return p;
    }

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
