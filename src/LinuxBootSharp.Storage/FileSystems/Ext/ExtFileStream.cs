namespace LinuxBootSharp.Storage;

/// <summary>
/// A regular file's bytes: seekable, read-only. Each read maps the position to a run of
/// contiguous blocks and reads as much of it as the caller asked for in one device read, so
/// large sequential reads run at the device's speed. Holes and unwritten extents read as zeros.
/// </summary>
internal sealed class ExtFileStream : ReadOnlyFileStream
{
    private readonly IBlockReader _volume;
    private readonly ExtBlockMap _map;
    private readonly int _blockSize;

    public ExtFileStream(IBlockReader volume, ExtBlockMap map, int blockSize, long length)
        : base(length)
    {
        _volume = volume;
        _map = map;
        _blockSize = blockSize;
    }

    protected override int ReadCore(long position, Span<byte> buffer)
    {
        int want = buffer.Length;
        int done = 0;
        while (done < want)
        {
            long pos = position + done;
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
        return done;
    }
}
