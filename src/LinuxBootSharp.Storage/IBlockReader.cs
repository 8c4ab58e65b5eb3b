namespace LinuxBootSharp.Storage;

/// <summary>
/// Read-only random access to a disk, a partition or an image file.
/// There is deliberately no write method anywhere in this library: a boot loader that
/// scans disks must never change them.
/// </summary>
public interface IBlockReader : IDisposable
{
    /// <summary>Device path, image path or "parent:partN": used in every error message.</summary>
    string Name { get; }

    /// <summary>Total size in bytes.</summary>
    long Length { get; }

    /// <summary>Logical sector size in bytes (512 or 4096 in practice).</summary>
    int SectorSize { get; }

    /// <summary>
    /// Fills <paramref name="buffer"/> with the bytes at <paramref name="offset"/>.
    /// Throws <see cref="InvalidDiskFormatException"/> naming the reader and offset when the
    /// range lies (partly) beyond <see cref="Length"/> or the device returns fewer bytes.
    /// </summary>
    void ReadAt(long offset, Span<byte> buffer);
}
