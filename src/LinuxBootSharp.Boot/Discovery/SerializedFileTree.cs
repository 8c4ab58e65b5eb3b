using LinuxBootSharp.Storage;

namespace LinuxBootSharp.Boot.Discovery;

/// <summary>
/// Serialises every call into the file trees of one disk behind one lock: the readers are not
/// thread-safe, and while each disk's configs are parsed on its own thread, GRUB's `search`
/// may read another disk's file systems.
/// </summary>
public sealed class SerializedFileTree(IFileTree inner, object gate) : IFileTree
{
    public IFileTree Inner => inner;

    public FileSystemIdentity Identity => inner.Identity;

    public FileStat? TryStat(string path)
    {
        lock (gate)
            return inner.TryStat(path);
    }

    public FileStat? TryLStat(string path)
    {
        lock (gate)
            return inner.TryLStat(path);
    }

    public IReadOnlyList<DirectoryEntry> ListDirectory(string path)
    {
        lock (gate)
            return inner.ListDirectory(path);
    }

    public Stream OpenRead(string path)
    {
        lock (gate)
            return new SerializedStream(inner.OpenRead(path), gate);
    }

    public string ReadLink(string path)
    {
        lock (gate)
            return inner.ReadLink(path);
    }

    private sealed class SerializedStream(Stream s, object gate) : Stream
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
                lock (gate)
                    s.Position = value;
            }
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            lock (gate)
                return s.Read(buffer, offset, count);
        }

        public override int Read(Span<byte> buffer)
        {
            lock (gate)
                return s.Read(buffer);
        }

        public override long Seek(long offset, SeekOrigin origin)
        {
            lock (gate)
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
