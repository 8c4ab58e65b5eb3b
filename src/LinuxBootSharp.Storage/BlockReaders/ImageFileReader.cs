using Microsoft.Win32.SafeHandles;

namespace LinuxBootSharp.Storage;

/// <summary>
/// A disk image (or any regular file) read with pread through <see cref="RandomAccess"/>.
/// The file is opened read-only and shared, so an image in use elsewhere can still be scanned.
/// </summary>
public sealed class ImageFileReader : IBlockReader
{
    private readonly SafeFileHandle _handle;

    /// <param name="path">Image file to read.</param>
    /// <param name="sectorSize">Logical sector size the image was built for (512 or 4096): an image
    /// file has no sector size of its own, so a 4Kn disk image must say so.</param>
    public ImageFileReader(string path, int sectorSize = 512)
    {
        if (sectorSize is not (512 or 1024 or 2048 or 4096))
            throw new StorageException($"{path}: unsupported sector size {sectorSize} (512, 1024, 2048 or 4096)");
        try
        {
            _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            Length = RandomAccess.GetLength(_handle);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageException($"{path}: cannot open: {BlockReader.DescribeOpenFailure(e)}", e);
        }
        Name = path;
        SectorSize = sectorSize;
    }

    public string Name { get; }
    public long Length { get; }
    public int SectorSize { get; }

    public void ReadAt(long offset, Span<byte> buffer)
    {
        BlockReader.CheckRange(this, offset, buffer.Length);
        ReadFully(_handle, Name, offset, buffer);
    }

    /// <summary>pread until the buffer is full; a short read means the file shrank under us.</summary>
    internal static void ReadFully(SafeFileHandle handle, string name, long offset, Span<byte> buffer)
    {
        int done = 0;
        while (done < buffer.Length)
        {
            int n;
            try
            {
                n = RandomAccess.Read(handle, buffer[done..], offset + done);
            }
            catch (IOException e)
            {
                throw new InvalidDiskFormatException("block device", name, offset + done, "read failed: " + e.Message);
            }
            if (n <= 0)
                InvalidDiskFormatException.Throw("block device", name, offset + done, $"unexpected end of data ({buffer.Length - done} bytes missing)");
            done += n;
        }
    }

    public void Dispose() => _handle.Dispose();
}
