using System.Globalization;
using LinuxBootSharp.Boot.Discovery;
using LinuxBootSharp.Interop;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.Boot.Targets;

/// <summary>
/// Opens what the host commands name (`lbs scan/disks/ls/cat`): a block device, a disk image or a
/// directory, always read-only. Every failure is one <see cref="StorageException"/> naming the
/// device or file; Interop's ErrnoException and .NET's IOException are converted here, so a
/// command has one exception to catch.
/// </summary>
public static class DiskTargets
{
    private const int SmallSector = 512;
    private const int LargeSector = 4096;

    /// <summary>
    /// Opens a block device node, or an image file with <paramref name="sectorSize"/>; 0 means
    /// guess: an image whose GPT header sits at byte 4096 (LBA 1 of a 4Kn disk) rather than 512
    /// was made for 4Kn disks. A device reports its own sector size (BLKSSZGET).
    /// </summary>
    public static IBlockReader OpenDisk(string path, int sectorSize = 0) => Guard<IBlockReader>(path, () =>
    {
        if (!File.Exists(path))
            throw new StorageException($"{path}: no such file or device");
        if (path.StartsWith("/dev/", StringComparison.Ordinal))
            return new BlockDeviceReader(path);
        if (sectorSize != 0)
            return new ImageFileReader(path, sectorSize);
        var probe = new ImageFileReader(path, SmallSector);
        try
        {
            if (GptReader.HasSignatureAt(probe, SmallSector) || !GptReader.HasSignatureAt(probe, LargeSector))
                return probe;
        }
        catch
        {
            probe.Dispose();
            throw;
        }
        probe.Dispose();
        return new ImageFileReader(path, LargeSector);
    });

    /// <summary>Partition table and file systems of an opened disk (`lbs disks`); <paramref name="index"/> is GRUB's hdN.</summary>
    public static DiskScanResult Scan(IBlockReader disk, int index) => Guard(disk.Name, () => DiskScanner.Scan(disk, index));

    /// <summary>The machine's whole disks (/sys/class/block), as device paths.</summary>
    public static IReadOnlyList<string> MachineDiskPaths() =>
        Guard("/sys/class/block", () => BlockDevices.Enumerate().Select(d => d.DevicePath).ToList());

    /// <summary>
    /// A scan source for `lbs scan TARGET`: a directory is read as one file system, a file or
    /// device as a disk (opened on the scan thread, with the sector size guessed).
    /// </summary>
    public static DiskSource Source(string target)
    {
        if (Directory.Exists(target))
            return new DirectorySource(target, target);
        if (File.Exists(target))
            return new BlockDiskSource(target, () => new CachedBlockReader(OpenDisk(target), leaveOpen: false));
        throw new StorageException($"{target}: no such file, device or directory");
    }

    /// <summary>Opens the disk and the file tree a TARGET[:PART]:/path names, or throws a one-line error.</summary>
    public static OpenTarget OpenTree(TargetPath target, int sectorSize = 0)
    {
        var disk = OpenDisk(target.Disk, sectorSize);
        try
        {
            return new OpenTarget(disk, Guard(target.Disk, () => PickTree(disk, target)), target);
        }
        catch
        {
            disk.Dispose();
            throw;
        }
    }

    private static IFileTree PickTree(IBlockReader disk, TargetPath target)
    {
        var scan = DiskScanner.Scan(disk, 0);
        ScannedVolume? volume;
        if (target.Partition is int n)
        {
            // 0 names the file system on the whole disk (a hybrid ISO's ISO9660 next to its partitions).
            volume = scan.Volumes.FirstOrDefault(v => n == 0 ? v.Identity.PartitionNumber is null : v.Identity.PartitionNumber == n);
            if (volume is null)
                throw new StorageException(scan.PartitionTable is null
                    ? $"{target.Disk}: no partition table{Problems(scan)}, so no partition {n}"
                    : $"{target.Disk}: no partition {n} (have {string.Join(", ", scan.PartitionTable.Partitions.Select(p => p.Number))})");
        }
        else
        {
            var withTree = scan.Volumes.Where(v => v.Tree is not null).ToList();
            if (withTree.Count == 1)
                volume = withTree[0];
            else if (withTree.Count == 0)
                throw new StorageException(scan.Volumes.FirstOrDefault(v => v.Problem is not null)?.Problem
                    ?? $"{target.Disk}: unknown file system (no ext2/3/4, FAT, XFS or ISO9660 signature){Problems(scan)}");
            else
                throw new StorageException($"{target.Disk}: {withTree.Count} file systems; name one as {target.Disk}:N:{target.Path} (N = {string.Join(", ", withTree.Select(v => v.Identity.PartitionNumber is int p ? p.ToString(CultureInfo.InvariantCulture) : "0 for the whole disk"))})");
        }
        if (volume.Tree is null)
            throw new StorageException(volume.Problem ?? $"{volume.Identity.Device}: unknown file system");
        return volume.Tree;
    }

    private static string Problems(DiskScanResult scan) => scan.Problems.Count == 0 ? "" : "; " + string.Join("; ", scan.Problems);

    /// <summary>Runs a disk access, turning the lower layers' errors into one StorageException naming <paramref name="what"/>.</summary>
    private static T Guard<T>(string what, Func<T> access)
    {
        try
        {
            return access();
        }
        catch (ErrnoException e)
        {
            throw new StorageException($"{what}: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageException($"{what}: {e.Message}", e);
        }
    }
}
