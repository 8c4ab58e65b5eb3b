namespace LinuxBootSharp.Storage.FileSystems.Xfs;

/// <summary>A seekable read-only stream over one XFS file; reads go straight from the device into the caller's buffer.</summary>
internal sealed class XfsFileStream : ReadOnlyFileStream
{
    private readonly XfsDataMap _map;

    public XfsFileStream(XfsDataMap map)
        : base(map.Length) => _map = map;

    protected override int ReadCore(long position, Span<byte> buffer) => _map.Read(position, buffer);
}
