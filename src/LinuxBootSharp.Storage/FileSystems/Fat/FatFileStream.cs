namespace LinuxBootSharp.Storage;

/// <summary>A contiguous piece of a FAT file: <see cref="Length"/> bytes at file offset
/// <see cref="FileOffset"/> stored at volume offset <see cref="DiskOffset"/>.</summary>
public readonly record struct FatRun(long FileOffset, long DiskOffset, long Length);

/// <summary>
/// A FAT file's bytes, seekable and read-only. The cluster chain is turned into runs of
/// contiguous clusters once, so a sequential read costs one device read per run and request.
/// </summary>
internal sealed class FatFileStream : Stream
{
    private readonly IBlockReader _volume;
    private readonly FatRun[] _runs;
    private readonly long _length;
    private long _position;
    private int _hint;

    public FatFileStream(IBlockReader volume, FatRun[] runs, long length)
    {
        _volume = volume;
        _runs = runs;
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

    private int FindRun(long pos)
    {
        if (_hint < _runs.Length && pos >= _runs[_hint].FileOffset && pos < _runs[_hint].FileOffset + _runs[_hint].Length)
            return _hint;
        int lo = 0, hi = _runs.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (pos < _runs[mid].FileOffset)
                hi = mid - 1;
            else if (pos >= _runs[mid].FileOffset + _runs[mid].Length)
                lo = mid + 1;
            else
                return _hint = mid;
        }
        throw new InvalidOperationException("FAT run map does not cover the file"); // prevented by construction
    }

    public override int Read(Span<byte> buffer)
    {
        if (_position >= _length || buffer.Length == 0)
            return 0;
        int want = (int)Math.Min(buffer.Length, _length - _position);
        int done = 0;
        while (done < want)
        {
            long pos = _position + done;
            var run = _runs[FindRun(pos)];
            long within = pos - run.FileOffset;
            int n = (int)Math.Min(want - done, run.Length - within);
            _volume.ReadAt(run.DiskOffset + within, buffer.Slice(done, n));
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
