using LinuxBootSharp.Storage;

namespace LinuxBootSharp.Boot.Discovery;

/// <summary>The machine's whole disks (from /sys/class/block) as scan sources, in a stable order.</summary>
public static class MachineDisks
{
    public static IReadOnlyList<DiskSource> Sources(string sysfsRoot = "/sys")
    {
        var disks = new List<BlockDeviceInfo>(BlockDevices.Enumerate(includeRamAndLoop: false, sysfsRoot));
        disks.Sort((a, b) => Order(a.Name) != Order(b.Name) ? Order(a.Name) - Order(b.Name) : string.CompareOrdinal(a.Name, b.Name));
        var list = new List<DiskSource>();
        foreach (var d in disks)
        {
            var path = d.DevicePath;
            list.Add(new BlockDiskSource(path, () => new CachedBlockReader(new BlockDeviceReader(path), leaveOpen: false)));
        }
        return list;
    }

    /// <summary>The set of disk names now present: a rescan is worth it only when this changes.</summary>
    public static string Fingerprint(string sysfsRoot = "/sys")
    {
        try
        {
            return string.Join(',', BlockDevices.Enumerate(false, sysfsRoot).Select(d => d.Name + ":" + d.SizeBytes).Order(StringComparer.Ordinal));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or StorageException)
        {
            return "";
        }
    }

    /// <summary>virtio and SCSI/SATA disks first, then NVMe, then optical, then the rest (MMC, ...).</summary>
    private static int Order(string name) =>
        name.StartsWith("vd", StringComparison.Ordinal) ? 0
        : name.StartsWith("sd", StringComparison.Ordinal) ? 1
        : name.StartsWith("nvme", StringComparison.Ordinal) ? 2
        : name.StartsWith("sr", StringComparison.Ordinal) ? 3
        : 4;
}
