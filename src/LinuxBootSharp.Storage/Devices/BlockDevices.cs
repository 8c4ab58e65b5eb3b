using LinuxBootSharp.Interop;

namespace LinuxBootSharp.Storage;

/// <summary>
/// Lists the machine's whole disks from sysfs (Documentation/ABI/stable/sysfs-block):
/// every entry of /sys/class/block without a "partition" attribute is a whole disk.
/// </summary>
public static class BlockDevices
{
    /// <summary>sysfs "size" is always in 512-byte units (block/genhd.c, part_size_show / disk size).</summary>
    private const int SysfsSizeUnit = 512;


    /// <summary>
    /// Whole disks, sorted by name, skipping empty devices (a CD drive without a disc) and,
    /// unless <paramref name="includeRamAndLoop"/>, ram* and loop* devices.
    /// </summary>
    /// <param name="sysfsRoot">Root of sysfs; tests pass a fake tree holding class/block/NAME/...</param>
    public static IReadOnlyList<BlockDeviceInfo> Enumerate(bool includeRamAndLoop = false, string sysfsRoot = "/sys")
    {
        var classBlock = sysfsRoot + "/class/block";
        var list = new List<BlockDeviceInfo>();
        foreach (var name in SysFile.ListNames(classBlock))
        {
            var dir = classBlock + "/" + name;
            if (SysFile.Exists(dir + "/partition"))
                continue;
            bool isVirtual = name.StartsWith("loop", StringComparison.Ordinal) || name.StartsWith("ram", StringComparison.Ordinal)
                || name.StartsWith("zram", StringComparison.Ordinal);
            if (isVirtual && !includeRamAndLoop)
                continue;
            long sectors = ReadLong(dir + "/size") ?? 0;
            if (sectors <= 0)
                continue;
            list.Add(new BlockDeviceInfo
            {
                Name = name,
                DevicePath = "/dev/" + name,
                SizeBytes = sectors * SysfsSizeUnit,
                Removable = ReadLong(dir + "/removable") == 1,
                // virtio-blk puts serial beside the disk; SCSI/ATA/NVMe under device/.
                Model = SysFile.TryReadAttribute(dir + "/device/model"),
                Serial = SysFile.TryReadAttribute(dir + "/serial") ?? SysFile.TryReadAttribute(dir + "/device/serial"),
                LogicalSectorSize = (int)(ReadLong(dir + "/queue/logical_block_size") ?? 512),
                IsVirtual = isVirtual,
            });
        }
        list.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return list;
    }

    private static long? ReadLong(string path) =>
        long.TryParse(SysFile.TryReadAttribute(path), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <summary>
    /// Kernel name of partition <paramref name="number"/> of a disk: "vda2", but "nvme0n1p2" and
    /// "mmcblk0p1" when the disk name ends in a digit (block/partitions/core.c, disk_name()).
    /// </summary>
    public static string PartitionDeviceName(string disk, int number) =>
        disk.Length > 0 && char.IsAsciiDigit(disk[^1]) ? $"{disk}p{number}" : $"{disk}{number}";
}
