namespace LinuxBootSharp.Storage;

/// <summary>
/// Disk → partition table → file systems, never throwing for what is on the disk: a corrupt
/// table or file system becomes a problem line naming device and offset, and every other
/// volume still appears. A disk without a table is probed as a whole (a superfloppy FAT stick,
/// an ext4 image, an ISO); a hybrid ISO yields its whole-disk ISO9660 volume and its partitions.
/// </summary>
public static class DiskScanner
{
    /// <summary>Type recorded for a partition holding nothing the probe table knows.</summary>
    public const string UnknownType = "unknown";

    /// <summary>
    /// Scans <paramref name="disk"/>. Metadata reads go through a <see cref="CachedBlockReader"/>
    /// that the returned trees keep using; the caller still owns (and disposes) <paramref name="disk"/>.
    /// </summary>
    /// <param name="diskIndex">0-based position in scan order: GRUB's hdN.</param>
    public static DiskScanResult Scan(IBlockReader disk, int diskIndex)
    {
        var cached = disk as CachedBlockReader ?? new CachedBlockReader(disk);
        var problems = new List<string>();
        var volumes = new List<ScannedVolume>();
        PartitionTable? table = null;
        try
        {
            table = PartitionTable.Read(cached);
            if (table is not null)
                problems.AddRange(table.Warnings);
        }
        catch (StorageException e)
        {
            problems.Add(e.Message);
        }

        var wholeIdentity = new FileSystemIdentity { Type = UnknownType, Device = disk.Name, DiskIndex = diskIndex };
        (FileSystemDriver Driver, string Type)? whole = null;
        try
        {
            whole = FileSystemProbe.Detect(cached);
        }
        catch (StorageException e)
        {
            problems.Add(e.Message);
        }
        if (whole is { } w && (table is null || w.Type == "iso9660"))
            volumes.Add(OpenVolume(cached, wholeIdentity, w, null, problems));

        if (table is not null)
        {
            foreach (var p in table.Partitions)
            {
                if (p.Type is "0x05" or "0x0f" or "0x85")
                    continue;
                var name = PartitionName(disk.Name, p.Number);
                var identity = new FileSystemIdentity
                {
                    Type = UnknownType,
                    Device = name,
                    DiskIndex = diskIndex,
                    PartitionScheme = table.Scheme,
                    PartitionNumber = p.Number,
                    PartitionUuid = p.UniqueId,
                    PartitionLabel = string.IsNullOrEmpty(p.Name) ? null : p.Name,
                    PartitionType = p.Type,
                    PartitionTypeName = p.TypeName,
                };
                string? cut = null;
                long length = p.Length;
                if (p.Offset + p.Length > cached.Length)
                {
                    // Linux keeps such a partition, truncated to the disk (block/partitions/core.c
                    // "extends beyond EOD"); its file system may still be readable at the front.
                    length = cached.Length - p.Offset;
                    cut = $"{name}: partition ({p.Length} bytes at byte {p.Offset}) extends {p.Offset + p.Length - cached.Length} bytes beyond the end of the disk {disk.Name} (truncated image?)";
                    problems.Add(cut);
                }
                var sub = new SubRangeReader(cached, p.Offset, length, name);
                (FileSystemDriver Driver, string Type)? found;
                try
                {
                    found = FileSystemProbe.Detect(sub);
                }
                catch (StorageException e)
                {
                    var msg = $"{name} (byte {p.Offset} of {disk.Name}): {e.Message}";
                    problems.Add(msg);
                    volumes.Add(new ScannedVolume(identity, null, msg) { Partition = p, SizeBytes = p.Length });
                    continue;
                }
                if (found is null)
                {
                    volumes.Add(new ScannedVolume(identity, null, cut) { Partition = p, SizeBytes = p.Length });
                    continue;
                }
                var opened = OpenVolume(sub, identity, found.Value, p, problems);
                volumes.Add(opened with { Partition = p, SizeBytes = p.Length, Problem = opened.Problem ?? cut });
            }
        }
        return new DiskScanResult
        {
            Disk = disk,
            DiskIndex = diskIndex,
            PartitionTable = table,
            Volumes = volumes,
            Problems = problems,
        };
    }

    private static ScannedVolume OpenVolume(IBlockReader volume, FileSystemIdentity identity, (FileSystemDriver Driver, string Type) found,
        Partition? p, List<string> problems)
    {
        identity = identity with { Type = found.Type };
        try
        {
            var tree = found.Driver.Open(volume, identity);
            return new ScannedVolume(tree.Identity, tree, null) { SizeBytes = volume.Length };
        }
        catch (StorageException e)
        {
            var msg = p is null ? e.Message : $"{e.Message} (partition starts at byte {p.Offset} of the disk)";
            problems.Add(msg);
            return new ScannedVolume(identity, null, msg) { SizeBytes = volume.Length };
        }
    }

    /// <summary>
    /// Name of partition <paramref name="number"/>: "/dev/vda2" or "/dev/nvme0n1p2" for a device node,
    /// "disk.img:2" for an image file.
    /// </summary>
    public static string PartitionName(string diskName, int number) =>
        diskName.StartsWith("/dev/", StringComparison.Ordinal)
            ? "/dev/" + BlockDevices.PartitionDeviceName(diskName[5..], number)
            : $"{diskName}:{number}";
}
