namespace LinuxBootSharp.Storage.FileSystems.Iso9660;

/// <summary>
/// A seekable read-only stream over an ISO9660 file's extents (several for a multi-extent file,
/// ECMA-119 6.5.1); reads go straight from the device into the caller's buffer.
/// </summary>
internal sealed class IsoFileStream : ReadOnlyFileStream
{
    private readonly IBlockReader _device;
    private readonly IReadOnlyList<(long Offset, long Length)> _extents;
    private readonly long[] _starts; // file position where each extent begins
    public IsoFileStream(IBlockReader device, IsoNode node)
        : base(node.Extents.Sum(e => e.Length))
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
    }

    protected override int ReadCore(long position, Span<byte> buffer)
    {
        int idx = Array.BinarySearch(_starts, position);
        if (idx < 0)
            idx = ~idx - 1;
        int done = 0;
        while (done < buffer.Length)
        {
            long pos = position + done;
            while (pos - _starts[idx] >= _extents[idx].Length)
                idx++;
            long inExtent = pos - _starts[idx];
            int n = (int)Math.Min(buffer.Length - done, _extents[idx].Length - inExtent);
            _device.ReadAt(_extents[idx].Offset + inExtent, buffer.Slice(done, n));
            done += n;
        }
        return done;
    }
}
