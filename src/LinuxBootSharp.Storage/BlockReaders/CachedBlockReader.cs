namespace LinuxBootSharp.Storage;

/// <summary>
/// A small LRU cache of aligned blocks in front of a reader, so file-system metadata
/// (superblocks, group descriptors, inode tables, directories, FAT sectors) is read from the
/// device once. Reads larger than <see cref="BlockSize"/> bypass the cache: file data is
/// streamed straight into the caller's buffer and does not evict metadata.
/// Thread-safe (one lock): a discovery deadline may abandon a scan on another thread.
/// </summary>
public sealed class CachedBlockReader : IBlockReader
{
    public const int DefaultBlockSize = 4096;
    public const int DefaultCapacity = 256; // 1 MiB of 4 KiB blocks

    private readonly IBlockReader _parent;
    private readonly bool _leaveOpen;
    private readonly int _capacity;
    private readonly Dictionary<long, LinkedListNode<(long Index, byte[] Data)>> _map = [];
    private readonly LinkedList<(long Index, byte[] Data)> _lru = new();
    private readonly Lock _lock = new();

    public CachedBlockReader(IBlockReader parent, int blockSize = DefaultBlockSize, int capacity = DefaultCapacity, bool leaveOpen = true)
    {
        if (blockSize <= 0 || (blockSize & (blockSize - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(blockSize), "must be a power of two");
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _parent = parent;
        _leaveOpen = leaveOpen;
        BlockSize = blockSize;
        _capacity = capacity;
    }

    public string Name => _parent.Name;
    public long Length => _parent.Length;
    public int SectorSize => _parent.SectorSize;
    public int BlockSize { get; }

    /// <summary>Reads served from the cache and reads that went to the device (for tests and benches).</summary>
    public long Hits { get; private set; }
    public long Misses { get; private set; }

    public void ReadAt(long offset, Span<byte> buffer)
    {
        BlockReader.CheckRange(this, offset, buffer.Length);
        if (buffer.Length > BlockSize)
        {
            _parent.ReadAt(offset, buffer);
            return;
        }
        lock (_lock)
        {
            int done = 0;
            while (done < buffer.Length)
            {
                long pos = offset + done;
                long index = pos / BlockSize;
                int within = (int)(pos % BlockSize);
                var block = GetBlock(index);
                int n = Math.Min(buffer.Length - done, block.Length - within);
                if (n <= 0)
                    BlockReader.ThrowBeyondEnd(Name, pos, buffer.Length - done, Length);
                block.AsSpan(within, n).CopyTo(buffer[done..]);
                done += n;
            }
        }
    }

    private byte[] GetBlock(long index)
    {
        if (_map.TryGetValue(index, out var node))
        {
            Hits++;
            _lru.Remove(node);
            _lru.AddFirst(node);
            return node.Value.Data;
        }
        Misses++;
        long start = index * BlockSize;
        // The last block of an odd-sized device is short.
        var data = new byte[(int)Math.Min(BlockSize, Length - start)];
        _parent.ReadAt(start, data);
        if (_map.Count >= _capacity)
        {
            var last = _lru.Last!;
            _lru.RemoveLast();
            _map.Remove(last.Value.Index);
        }
        _map[index] = _lru.AddFirst((index, data));
        return data;
    }

    public void Dispose()
    {
        if (!_leaveOpen)
            _parent.Dispose();
    }
}
