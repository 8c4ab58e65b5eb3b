using LinuxBootSharp.Interop;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.Cli.Commands;

/// <summary>
/// `lbs disks [-b SECTOR] [TARGET...]`: every disk (from /sys/class/block, or the given images and
/// devices) with its partitions: GRUB name, device, size, type, file system, label, UUID.
/// </summary>
public sealed class DisksCommand : ICommand
{
    public string Name => "disks";

    public string Usage => "disks [-b 512|4096] [TARGET...]   list disks, partitions and file systems (type, size, label, UUID)";

    public int Run(string[] args)
    {
        List<string> targets;
        int sector;
        try
        {
            (targets, sector, _) = StorageOptions.Parse(args, "");
        }
        catch (StorageException e)
        {
            StandardStreams.Error.WriteLine("lbs disks: " + e.Message);
            return 2;
        }
        if (targets.Count == 0)
            targets = BlockDevices.Enumerate().Select(d => d.DevicePath).ToList();
        int failures = 0;
        for (int i = 0; i < targets.Count; i++)
        {
            try
            {
                using var disk = StorageTarget.OpenDisk(targets[i], sector);
                Print(DiskScanner.Scan(disk, i));
            }
            catch (Exception e) when (e is StorageException or ErrnoException or IOException)
            {
                StandardStreams.Error.WriteLine("lbs disks: " + e.Message);
                failures++;
            }
        }
        return failures == 0 ? 0 : 1;
    }

    private static void Print(DiskScanResult scan)
    {
        var o = StandardStreams.Out;
        var t = scan.PartitionTable;
        o.WriteLine($"hd{scan.DiskIndex}  {scan.Disk.Name}  {StorageOptions.Size(scan.Disk.Length)}  {scan.Disk.SectorSize}-byte sectors  "
            + (t is null ? "no partition table" : $"{t.Scheme} {t.DiskId}"));
        foreach (var v in scan.Volumes)
        {
            var id = v.Identity;
            var fields = new List<string>
            {
                id.GrubDevice ?? "-",
                id.Device,
                StorageOptions.Size(v.SizeBytes),
            };
            if ((id.PartitionTypeName ?? id.PartitionType) is string pt)
                fields.Add($"[{pt}]");
            fields.Add(id.Type);
            if (id.Label is not null) fields.Add($"LABEL=\"{id.Label}\"");
            if (id.Uuid is not null) fields.Add($"UUID={id.Uuid}");
            if (id.PartitionLabel is not null) fields.Add($"PARTLABEL=\"{id.PartitionLabel}\"");
            if (id.PartitionUuid is not null) fields.Add($"PARTUUID={id.PartitionUuid}");
            o.WriteLine("  " + string.Join("  ", fields));
        }
        foreach (var p in scan.Problems)
            o.WriteLine("  ! " + p);
    }
}
