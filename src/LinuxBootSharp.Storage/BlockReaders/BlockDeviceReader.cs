using LinuxBootSharp.Interop;
using Microsoft.Win32.SafeHandles;

namespace LinuxBootSharp.Storage;

/// <summary>
/// A whole disk or partition node such as /dev/vda, opened O_RDONLY. Size comes from
/// BLKGETSIZE64 and the logical sector size from BLKSSZGET (fstat gives 0 for block devices).
/// A regular file given here is accepted too (size from its length, 512-byte sectors), so
/// `lbs disks` works the same on a device and on an image.
/// </summary>
public sealed class BlockDeviceReader : IBlockReader
{
    private readonly SafeFileHandle _handle;

    public BlockDeviceReader(string devicePath)
    {
        Name = devicePath;
        try
        {
            _handle = File.OpenHandle(devicePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageException($"{devicePath}: cannot open: {BlockReader.DescribeOpenFailure(e)}", e);
        }
        try
        {
            Length = BlockDeviceIoctl.GetSizeBytes(_handle, devicePath);
            SectorSize = BlockDeviceIoctl.GetLogicalSectorSize(_handle, devicePath);
        }
        catch (ErrnoException e) when (e.Errno == Errno.ENOTTY)
        {
            Length = RandomAccess.GetLength(_handle);
            SectorSize = 512;
        }
        catch (ErrnoException e)
        {
            _handle.Dispose();
            throw new StorageException($"{devicePath}: {e.Message}", e);
        }
        if (SectorSize is not (512 or 1024 or 2048 or 4096))
        {
            _handle.Dispose();
            throw new StorageException($"{devicePath}: unsupported logical sector size {SectorSize}");
        }
    }

    public string Name { get; }
    public long Length { get; }
    public int SectorSize { get; }

    public void ReadAt(long offset, Span<byte> buffer)
    {
        BlockReader.CheckRange(this, offset, buffer.Length);
        ImageFileReader.ReadFully(_handle, Name, offset, buffer);
    }

    public void Dispose() => _handle.Dispose();
}
