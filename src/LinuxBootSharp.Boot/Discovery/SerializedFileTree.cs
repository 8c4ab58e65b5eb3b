using LinuxBootSharp.Storage;

namespace LinuxBootSharp.Boot.Discovery;

/// <summary>
/// Serialises every call into the file trees of one disk behind one lock: the readers are not
/// thread-safe, and while each disk's configs are parsed on its own thread, GRUB's `search`
/// may read another disk's file systems. A caller waits at most <paramref name="wait"/> for
/// the lock: a read stuck in the kernel on a dying disk holds it forever, and must not take
/// the configs of the disk that only searched it down too. The caller gets a
/// <see cref="StorageException"/> naming the device instead (GRUB's `search` then skips it).
/// </summary>
public sealed class SerializedFileTree(IFileTree inner, object gate, TimeSpan wait) : IFileTree
{
    public IFileTree Inner => inner;

    private Gate Enter() => Gate.Enter(gate, wait, inner.Identity.Device);

    /// <summary>The held lock; disposing releases it.</summary>
    private readonly struct Gate(object gate) : IDisposable
    {
        public static Gate Enter(object gate, TimeSpan wait, string device)
        {
            if (!Monitor.TryEnter(gate, wait))
                throw new StorageException($"{device}: not answering: waited {wait.TotalSeconds:0.#} s for a read of this disk that has not returned");
            return new Gate(gate);
        }

        public void Dispose() => Monitor.Exit(gate);
    }

    public FileSystemIdentity Identity => inner.Identity;

    public FileStat? TryStat(string path)
    {
        using (Enter())
            return inner.TryStat(path);
    }

    public FileStat? TryLStat(string path)
    {
        using (Enter())
            return inner.TryLStat(path);
    }

    public IReadOnlyList<DirectoryEntry> ListDirectory(string path)
    {
        using (Enter())
            return inner.ListDirectory(path);
    }

    public Stream OpenRead(string path)
    {
        using (Enter())
            return new SerializedStream(inner.OpenRead(path), Enter);
    }

    public string ReadLink(string path)
    {
        using (Enter())
            return inner.ReadLink(path);
    }

    private sealed class SerializedStream(Stream s, Func<Gate> enter) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => s.CanSeek;
        public override bool CanWrite => false;
        public override long Length => s.Length;

        public override long Position
        {
            get => s.Position;
            set
            {
                using (enter())
                    s.Position = value;
            }
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            using (enter())
                return s.Read(buffer, offset, count);
        }

        public override int Read(Span<byte> buffer)
        {
            using (enter())
                return s.Read(buffer);
        }

        public override long Seek(long offset, SeekOrigin origin)
        {
            using (enter())
                return s.Seek(offset, origin);
        }

        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                s.Dispose();
            base.Dispose(disposing);
        }
    }
}
