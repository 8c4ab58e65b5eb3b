namespace LinuxBootSharp.Storage;

/// <summary>
/// A regular file's bytes: seekable, read-only. Each read maps the position to a run of
/// contiguous blocks and reads as much of it as the caller asked for in one device read, so
/// large sequential reads run at the device's speed. Holes and unwritten extents read as zeros.
/// </summary>
internal sealed class ExtFileStream : Stream
{
    private readonly IBlockReader _volume;
    private readonly ExtBlockMap _map;
    private readonly int _blockSize;
    private readonly long _length;
    private long _position;

    public ExtFileStream(IBlockReader volume, ExtBlockMap map, int blockSize, long length)
    {
        _volume = volume;
        _map = map;
        _blockSize = blockSize;
        _length = length;
    }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position >= _length || buffer.Length == 0)
            return 0;
        int want = (int)Math.Min(buffer.Length, _length - _position);
        int done = 0;
        while (done < want)
        {
            long pos = _position + done;
            long block = pos / _blockSize;
            int within = (int)(pos % _blockSize);
            int idx = _map.Find(block);
            int n;
            if (idx < 0)
            {
                // A hole: zeros up to the next run (or the end).
                int next = ~idx;
                long holeEnd = next < _map.Count ? _map[next].Logical * (long)_blockSize : long.MaxValue;
                n = (int)Math.Min(want - done, holeEnd - pos);
                buffer.Slice(done, n).Clear();
            }
            else
            {
                var run = _map[idx];
                long runEnd = (run.Logical + run.Count) * (long)_blockSize;
                n = (int)Math.Min(want - done, runEnd - pos);
                if (run.Unwritten)
                    buffer.Slice(done, n).Clear();
                else
                    _volume.ReadAt((run.Physical + (block - run.Logical)) * _blockSize + within, buffer.Slice(done, n));
            }
            done += n;
        }
        _position += done;
        return done;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => _length + offset,
        };
        return _position;
    }

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException("read-only");
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("read-only");
}
