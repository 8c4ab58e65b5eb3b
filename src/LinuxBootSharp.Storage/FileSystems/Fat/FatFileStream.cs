namespace LinuxBootSharp.Storage;

/// <summary>A contiguous piece of a FAT file: <see cref="Length"/> bytes at file offset
/// <see cref="FileOffset"/> stored at volume offset <see cref="DiskOffset"/>.</summary>
public readonly record struct FatRun(long FileOffset, long DiskOffset, long Length);

/// <summary>
/// A FAT file's bytes, seekable and read-only. The cluster chain is turned into runs of
/// contiguous clusters once, so a sequential read costs one device read per run and request.
/// </summary>
internal sealed class FatFileStream : ReadOnlyFileStream
{
    private readonly IBlockReader _volume;
    private readonly FatRun[] _runs;
    private int _hint;

    public FatFileStream(IBlockReader volume, FatRun[] runs, long length)
        : base(length)
    {
        _volume = volume;
        _runs = runs;
    }

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

    protected override int ReadCore(long position, Span<byte> buffer)
    {
        int want = buffer.Length;
        int done = 0;
        while (done < want)
        {
            long pos = position + done;
            var run = _runs[FindRun(pos)];
            long within = pos - run.FileOffset;
            int n = (int)Math.Min(want - done, run.Length - within);
            _volume.ReadAt(run.DiskOffset + within, buffer.Slice(done, n));
            done += n;
        }
        return done;
    }
}
