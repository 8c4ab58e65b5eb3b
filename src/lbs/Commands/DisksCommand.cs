using System.Globalization;
using LinuxBootSharp.Boot.Targets;
using LinuxBootSharp.CommandLine;
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
        StorageArgs parsed;
        try
        {
            parsed = StorageArgs.Parse(args, "");
        }
        catch (UsageException e)
        {
            StandardStreams.Error.WriteLine($"lbs disks: {e.Message}\nusage: lbs {Usage}");
            return 2;
        }
        int failures = 0;
        try
        {
            var targets = parsed.Operands.Count > 0 ? parsed.Operands : DiskTargets.MachineDiskPaths();
            for (int i = 0; i < targets.Count; i++)
            {
                try
                {
                    using var disk = DiskTargets.OpenDisk(targets[i], parsed.SectorSize);
                    Print(DiskTargets.Scan(disk, i));
                }
                catch (StorageException e)
                {
                    // One disk that cannot be read must not hide the others.
                    StandardStreams.Error.WriteLine("lbs disks: " + e.Message);
                    failures++;
                }
            }
        }
        catch (StorageException e)
        {
            StandardStreams.Error.WriteLine("lbs disks: " + e.Message);
            return 1;
        }
        return failures == 0 ? 0 : 1;
    }

    private static void Print(DiskScanResult scan)
    {
        var o = StandardStreams.Out;
        var t = scan.PartitionTable;
        o.WriteLine($"hd{scan.DiskIndex}  {scan.Disk.Name}  {Size(scan.Disk.Length)}  {scan.Disk.SectorSize}-byte sectors  "
            + (t is null ? "no partition table" : $"{t.Scheme} {t.DiskId}"));
        foreach (var v in scan.Volumes)
        {
            var id = v.Identity;
            var fields = new List<string>
            {
                id.GrubDevice ?? "-",
                id.Device,
                Size(v.SizeBytes),
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

    /// <summary>"512.0 MiB" style sizes, as lsblk and GRUB print them.</summary>
    private static string Size(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.Length - 1)
        {
            v /= 1024;
            u++;
        }
        return u == 0 ? $"{bytes} B" : string.Create(CultureInfo.InvariantCulture, $"{v:0.0} {units[u]}");
    }
}
