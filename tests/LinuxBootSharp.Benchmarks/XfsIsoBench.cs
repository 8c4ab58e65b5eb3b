using static LinuxBootSharp.Benchmarks.BenchSupport;
using System.Globalization;
using System.Text;
using LinuxBootSharp.Storage;
using LinuxBootSharp.Storage.FileSystems.Iso9660;
using LinuxBootSharp.Storage.FileSystems.Xfs;

namespace LinuxBootSharp.Benchmarks;

/// <summary>
/// The XFS and ISO9660 readers against the same bytes read raw, in the same run: a 256 MiB file
/// through XFS (mkfs.xfs -p) and ISO9660 (xorriso), as a throughput ratio to a raw sequential
/// read of as many bytes of the same image file; and opening XFS and listing a 10,000-entry
/// directory (a node-format directory), against the kernel listing the source directory.
/// </summary>
public sealed class XfsIsoBench : IBenchmark
{
    private const string Recipe = "xfs-iso-bench-v1";

    public string Name => "xfs-iso";

    public IEnumerable<BenchRow> Run(string work)
    {
        var dir = Path.Combine(work, "xfs-iso");
        Directory.CreateDirectory(dir);
        var src = Cached(Path.Combine(dir, "src-" + Hash(Recipe)), d => FileSystemRows.MakeSource(d, Path.Combine("big", "big.bin")), directory: true);
        var xfs = Cached(Path.Combine(dir, "xfs-" + Hash(Recipe + "xfs")), tmp =>
        {
            var proto = Path.Combine(tmp, "proto");
            File.WriteAllText(proto, Protofile(src));
            var img = Path.Combine(tmp, "image.img");
            using (var f = File.Create(img))
                f.SetLength(700L << 20);
            // Two 350 MiB groups keep the big file in one group: with four, mkfs.xfs 6.1 -p failed here
            // ("could not re-read AG 1 superblock", the file's data where AG 1's header belongs).
            Tool("mkfs.xfs", "-q", "-f", "-d", "agcount=2", "-p", proto, img);
        }, directory: true);
        var iso = Cached(Path.Combine(dir, "iso-" + Hash(Recipe + "iso")), tmp =>
        {
            Tool("xorriso", "-as", "mkisofs", "-o", Path.Combine(tmp, "image.iso"), "-R", "-J", Path.Combine(src, "big"));
        }, directory: true);

        yield return FileSystemRows.Read("xfs: read 256 MiB file", Path.Combine(xfs, "image.img"), "/big.bin", r => XfsFileTree.Open(r));
        yield return FileSystemRows.Read("iso9660: read 256 MiB file", Path.Combine(iso, "image.iso"), "/big.bin", r => Iso9660FileTree.Open(r));
        yield return FileSystemRows.List("xfs: open + list 10,000-entry directory", Path.Combine(xfs, "image.img"), r => XfsFileTree.Open(r), src, "kernel listing the source dir");
    }

    /// <summary>mkfs.xfs prototype file (xfsprogs mkfs/proto.c): the big file at the root, the 10,000 files under /many.</summary>
    private static string Protofile(string src)
    {
        var sb = new StringBuilder("bench\n0 0\nd--755 0 0\n");
        sb.Append(CultureInfo.InvariantCulture, $"big.bin ---644 0 0 {Path.Combine(src, "big", "big.bin")}\n");
        sb.Append("many d--755 0 0\n");
        foreach (var f in Directory.EnumerateFiles(Path.Combine(src, "many")).Order(StringComparer.Ordinal))
            sb.Append(CultureInfo.InvariantCulture, $" {Path.GetFileName(f)} ---644 0 0 {f}\n");
        sb.Append("$\n$\n");
        return sb.ToString();
    }

}
