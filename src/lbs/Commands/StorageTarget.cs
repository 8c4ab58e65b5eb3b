using System.Globalization;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.Cli.Commands;

/// <summary>
/// The TARGET[:PART]:/path argument of `lbs ls` and `lbs cat`. TARGET is an image file or a
/// block device; PART is a partition number ("2") or GRUB's spelling ("gpt2", "msdos5"), or 0 for a
/// file system on the whole disk (the ISO9660 of a hybrid image);
/// without PART, an unpartitioned disk or a disk with exactly one file system is used.
/// </summary>
internal sealed record StorageTarget(string Disk, int? Partition, string Path)
{
    public static StorageTarget Parse(string arg)
    {
        int sep = arg.IndexOf(":/", StringComparison.Ordinal);
        string head = sep >= 0 ? arg[..sep] : arg;
        string path = sep >= 0 ? arg[(sep + 1)..] : "/";
        int? part = null;
        int colon = head.LastIndexOf(':');
        if (colon > 0 && TryParsePartition(head[(colon + 1)..], out var p))
        {
            part = p;
            head = head[..colon];
        }
        if (head.Length == 0)
            throw new StorageException($"'{arg}': no disk or image named (expected TARGET[:PART]:/path)");
        return new StorageTarget(head, part, path);
    }

    private static bool TryParsePartition(string s, out int number)
    {
        foreach (var prefix in new[] { "gpt", "msdos", "" })
            if (s.StartsWith(prefix, StringComparison.Ordinal)
                && int.TryParse(s.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out number) && (number > 0 || prefix.Length == 0))
                return true;
        number = 0;
        return false;
    }

    /// <summary>
    /// Opens a block device node, or an image file with <paramref name="sectorSize"/>; 0 means
    /// guess: an image whose GPT header sits at byte 4096 rather than 512 was made for 4Kn disks.
    /// </summary>
    public static IBlockReader OpenDisk(string path, int sectorSize)
    {
        if (!File.Exists(path))
            throw new StorageException($"{path}: no such file or device");
        if (path.StartsWith("/dev/", StringComparison.Ordinal))
            return new BlockDeviceReader(path);
        if (sectorSize != 0)
            return new ImageFileReader(path, sectorSize);
        var probe = new ImageFileReader(path);
        if (HasGptAt(probe, 512) || !HasGptAt(probe, 4096))
            return probe;
        probe.Dispose();
        return new ImageFileReader(path, 4096);
    }

    private static bool HasGptAt(IBlockReader r, long offset) =>
        r.Contains(offset, 8) && r.ReadBytes(offset, 8).AsSpan().SequenceEqual("EFI PART"u8);

    /// <summary>Scans the disk and returns the file tree the target names, or throws a one-line error.</summary>
    public IFileTree OpenTree(IBlockReader disk)
    {
        var scan = DiskScanner.Scan(disk, 0);
        ScannedVolume? volume;
        if (Partition is int n)
        {
            // 0 names the file system on the whole disk (a hybrid ISO's ISO9660 next to its partitions).
            volume = scan.Volumes.FirstOrDefault(v => n == 0 ? v.Identity.PartitionNumber is null : v.Identity.PartitionNumber == n);
            if (volume is null)
                throw new StorageException(scan.PartitionTable is null
                    ? $"{Disk}: no partition table{Problems(scan)}, so no partition {n}"
                    : $"{Disk}: no partition {n} (have {string.Join(", ", scan.PartitionTable.Partitions.Select(p => p.Number))})");
        }
        else
        {
            var withTree = scan.Volumes.Where(v => v.Tree is not null).ToList();
            if (withTree.Count == 1)
                volume = withTree[0];
            else if (withTree.Count == 0)
                throw new StorageException(scan.Volumes.FirstOrDefault(v => v.Problem is not null)?.Problem
                    ?? $"{Disk}: unknown file system (no ext2/3/4, FAT, XFS or ISO9660 signature){Problems(scan)}");
            else
                throw new StorageException($"{Disk}: {withTree.Count} file systems; name one as {Disk}:N:{Path} (N = {string.Join(", ", withTree.Select(v => v.Identity.PartitionNumber is int p ? p.ToString(CultureInfo.InvariantCulture) : "0 for the whole disk"))})");
        }
        if (volume.Tree is null)
            throw new StorageException(volume.Problem ?? $"{volume.Identity.Device}: unknown file system");
        return volume.Tree;
    }

    /// <summary>
    /// The frame `lbs ls` and `lbs cat` share: parses "[-b N] [-FLAGS] TARGET[:PART]:/path",
    /// opens the disk (read-only) and the file tree the target names, and runs
    /// <paramref name="body"/> on them. Wrong operands print the usage and give 2; a storage
    /// error prints one line "lbs NAME: ..." and gives 1.
    /// </summary>
    public static int Run(string name, string usage, string[] args, string flagsAllowed, Func<IFileTree, StorageTarget, HashSet<char>, int> body)
    {
        try
        {
            var (rest, sector, flags) = StorageOptions.Parse(args, flagsAllowed);
            if (rest.Count != 1)
            {
                StandardStreams.Error.WriteLine("usage: lbs " + usage);
                return 2;
            }
            var target = Parse(rest[0]);
            using var disk = OpenDisk(target.Disk, sector);
            return body(target.OpenTree(disk), target, flags);
        }
        catch (StorageException e)
        {
            StandardStreams.Error.WriteLine($"lbs {name}: {e.Message}");
            return 1;
        }
    }

    private static string Problems(DiskScanResult scan) => scan.Problems.Count == 0 ? "" : "; " + string.Join("; ", scan.Problems);
}

/// <summary>Option parsing shared by the storage commands: "-b 4096" sets an image's sector size (default: guess).</summary>
internal static class StorageOptions
{
    public static (List<string> Operands, int SectorSize, HashSet<char> Flags) Parse(string[] args, string flagsAllowed)
    {
        var rest = new List<string>();
        var flags = new HashSet<char>();
        int sector = 0;
        for (int i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (a == "-b" && i + 1 < args.Length)
            {
                if (!int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out sector))
                    throw new StorageException($"-b {args[i]}: not a sector size");
            }
            else if (a.Length > 1 && a[0] == '-' && a[1] != '-' && a[1..].All(c => flagsAllowed.Contains(c)))
            {
                foreach (var c in a[1..])
                    flags.Add(c);
            }
            else if (a == "--")
            {
                rest.AddRange(args[(i + 1)..]);
                break;
            }
            else
            {
                rest.Add(a);
            }
        }
        return (rest, sector, flags);
    }

    /// <summary>"512.0 MiB" style sizes, as lsblk and GRUB print them.</summary>
    public static string Size(long bytes)
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
