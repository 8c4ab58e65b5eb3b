using static LinuxBootSharp.Benchmarks.BenchSupport;
using System.Diagnostics;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.Benchmarks;

/// <summary>
/// The user-space storage readers against the same bytes read raw, in the same run:
/// a 256 MiB file through ext4 and FAT32 (throughput ratio to a raw sequential read of as many
/// bytes of the same image), listing a 10,000-file ext4 directory (baseline: the kernel's
/// ext4 listing the same source directory), and scanning a 4-partition disk to identities
/// (user CPU time; budget 5 ms). Images are made by mke2fs, mkfs.vfat, mcopy and sgdisk.
/// </summary>
public sealed class StorageBench : IBenchmark
{
    private const string Recipe = "storage-bench-v1";

    public string Name => "storage";

    public IEnumerable<BenchRow> Run(string work)
    {
        var dir = Path.Combine(work, "storage");
        Directory.CreateDirectory(dir);
        var src = Cached(Path.Combine(dir, "src-" + Hash(Recipe)), d => FileSystemRows.MakeSource(d, "big.bin"), directory: true);
        var ext = Cached(Path.Combine(dir, "ext4-" + Hash(Recipe + "ext4")), tmp =>
        {
            Sparse(tmp, 700L << 20);
            Tool("mke2fs", "-q", "-F", "-t", "ext4", "-b", "4096", "-d", src, tmp);
        });
        var fat = Cached(Path.Combine(dir, "fat32-" + Hash(Recipe + "fat32")), tmp =>
        {
            Sparse(tmp, 400L << 20);
            Tool("mkfs.vfat", "-F", "32", tmp);
            Tool("mcopy", "-i", tmp, Path.Combine(src, "big.bin"), "::/big.bin");
        });
        var disk = Cached(Path.Combine(dir, "disk4-" + Hash(Recipe + "disk4")), tmp => MakeFourPartitionDisk(dir, tmp));

        yield return FileSystemRows.Read("ext4: read 256 MiB file", ext, "/big.bin", r => ExtFileSystem.Open(r));
        yield return FileSystemRows.Read("vfat (FAT32): read 256 MiB file", fat, "/big.bin", r => FatFileSystem.Open(r));
        yield return FileSystemRows.List("ext4: open + list 10,000-file directory", ext, r => ExtFileSystem.Open(r), src, "kernel ext4 listing the source dir");
        yield return ScanRow(disk);
    }

    private static BenchRow ScanRow(string disk)
    {
        const int rounds = 50;
        using var reader = new ImageFileReader(disk);
        var check = DiskScanner.Scan(reader, 0);
        if (check.Volumes.Count(v => v.Tree is not null) != 4 || check.Problems.Count != 0)
            throw new InvalidOperationException("4-partition disk did not scan to 4 file systems: " + string.Join("; ", check.Problems));
        var proc = Process.GetCurrentProcess();
        var user0 = proc.UserProcessorTime;
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < rounds; i++)
        {
            using var r = new ImageFileReader(disk);
            var scan = DiskScanner.Scan(r, 0);
            _ = scan.Volumes.Select(v => v.Identity.Uuid).ToList();
        }
        proc.Refresh();
        double userMs = (proc.UserProcessorTime - user0).TotalMilliseconds / rounds;
        return new BenchRow("scan 4-partition GPT disk to identities (user CPU)", userMs, "ms", Budget: "<= 5 ms",
            Note: string.Create(System.Globalization.CultureInfo.InvariantCulture, $"wall {sw.Elapsed.TotalMilliseconds / rounds:0.00} ms, warm page cache"));
    }

    private static void MakeFourPartitionDisk(string dir, string tmp)
    {
        var small = Path.Combine(dir, "disk4-src");
        if (!Directory.Exists(small))
        {
            Directory.CreateDirectory(Path.Combine(small, "boot", "grub"));
            File.WriteAllText(Path.Combine(small, "boot", "grub", "grub.cfg"), "set timeout=1\n");
        }
        var parts = new (string Type, string Code, string[] Mkfs)[]
        {
            ("vfat", "ef00", ["mkfs.vfat", "-F", "32"]),
            ("ext4", "8300", ["mke2fs", "-q", "-F", "-t", "ext4", "-d", small]),
            ("ext2", "ea00", ["mke2fs", "-q", "-F", "-t", "ext2", "-d", small]),
            ("vfat", "0700", ["mkfs.vfat", "-F", "16"]),
        };
        Sparse(tmp, 256L << 20);
        var sg = new List<string>();
        for (int i = 0; i < parts.Length; i++)
            sg.AddRange(["-n", $"{i + 1}:0:+48M", "-t", $"{i + 1}:{parts[i].Code}"]);
        sg.Add(tmp);
        Tool("sgdisk", [.. sg]);
        for (int i = 0; i < parts.Length; i++)
        {
            var img = Path.Combine(dir, $"disk4-part{i + 1}.img");
            Sparse(img, 48L << 20);
            Tool(parts[i].Mkfs[0], [.. parts[i].Mkfs[1..], img]);
            long start = (2048L + i * (48L << 20) / 512) * 512;
            Place(tmp, img, start);
            File.Delete(img);
        }
    }

    private static void Sparse(string path, long bytes)
    {
        using var f = new FileStream(path, FileMode.Create, FileAccess.Write);
        f.SetLength(bytes);
    }

    private static void Place(string disk, string image, long offset)
    {
        using var src = File.OpenRead(image);
        using var dst = new FileStream(disk, FileMode.Open, FileAccess.Write);
        var buf = new byte[1 << 16];
        long pos = 0;
        int n;
        while ((n = src.ReadAtLeast(buf, buf.Length, throwOnEndOfStream: false)) > 0)
        {
            if (buf.AsSpan(0, n).ContainsAnyExcept((byte)0))
            {
                dst.Position = offset + pos;
                dst.Write(buf, 0, n);
            }
            pos += n;
        }
    }

}
