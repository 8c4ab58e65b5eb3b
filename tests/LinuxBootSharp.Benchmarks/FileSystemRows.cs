using System.Diagnostics;
using System.Globalization;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.Benchmarks;

/// <summary>
/// The rows every file-system reader is measured by, and the source tree its test image is
/// made from: reading a 256 MiB file against a raw read of the same bytes of the image, and
/// opening the file system and listing a 10,000-entry directory against the kernel listing the
/// source directory.
/// </summary>
public static class FileSystemRows
{
    public const int BigFileBytes = 256 << 20;
    public const int ManyFiles = 10_000;
    private const int ReadBuffer = 1 << 20;
    private const int Rounds = 7;

    /// <summary>The source tree: <paramref name="bigFile"/> (256 MiB of seeded random bytes) and many/ with 10,000 small files.</summary>
    public static void MakeSource(string dir, string bigFile)
    {
        Directory.CreateDirectory(Path.Combine(dir, "many"));
        var big = Path.Combine(dir, bigFile);
        Directory.CreateDirectory(Path.GetDirectoryName(big)!);
        using (var f = new FileStream(big, FileMode.Create, FileAccess.Write))
        {
            var chunk = new byte[ReadBuffer];
            var rng = new Random(42);
            for (long off = 0; off < BigFileBytes; off += chunk.Length)
            {
                rng.NextBytes(chunk);
                f.Write(chunk);
            }
        }
        for (int i = 0; i < ManyFiles; i++)
            File.WriteAllText(Path.Combine(dir, "many", $"entry-{i:D5}-with-a-name-of-some-length.conf"), i.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Best-of-7 throughput reading <paramref name="path"/> through the reader, against a raw read of as many bytes.</summary>
    public static BenchRow Read(string name, string image, string path, Func<IBlockReader, IFileTree> open)
    {
        var buf = new byte[ReadBuffer];
        double best = 0, bestRaw = 0;
        // Raw baseline: as many bytes, sequentially, from where the file's data starts in the
        // image (not from byte 0: the sparse image's holes would read faster than real data).
        long start = FindData(image, path, open);
        for (int round = 0; round < Rounds; round++)
        {
            using (var raw = new ImageFileReader(image))
            {
                var sw = Stopwatch.StartNew();
                for (long off = 0; off < BigFileBytes; off += ReadBuffer)
                    raw.ReadAt(start + off, buf);
                bestRaw = Math.Max(bestRaw, BigFileBytes / sw.Elapsed.TotalSeconds / (1 << 20));
            }
            using (var reader = new ImageFileReader(image))
            {
                var sw = Stopwatch.StartNew();
                var tree = open(new CachedBlockReader(reader));
                using var s = tree.OpenRead(path);
                long total = 0;
                int n;
                while ((n = s.Read(buf)) > 0)
                    total += n;
                if (total != BigFileBytes)
                    throw new InvalidOperationException($"{name}: read {total} bytes, expected {BigFileBytes}");
                best = Math.Max(best, BigFileBytes / sw.Elapsed.TotalSeconds / (1 << 20));
            }
        }
        return new BenchRow(name, best, "MiB/s", bestRaw, "raw read of the image", "ratio >= 0.8");
    }

    /// <summary>Byte offset in the image of the file's first 4 KiB (its content is random, so unique).</summary>
    private static long FindData(string image, string path, Func<IBlockReader, IFileTree> open)
    {
        using var reader = new ImageFileReader(image);
        var head = new byte[4096];
        using (var s = open(reader).OpenRead(path))
            s.ReadExactly(head);
        var chunk = new byte[ReadBuffer];
        for (long off = 0; off + ReadBuffer <= reader.Length; off += ReadBuffer)
        {
            reader.ReadAt(off, chunk);
            for (int i = 0; i + head.Length <= chunk.Length; i += 512)
                if (chunk.AsSpan(i, head.Length).SequenceEqual(head))
                    return Math.Min(off + i, reader.Length - BigFileBytes);
        }
        throw new InvalidOperationException($"{image}: data of {path} not found at a 512-byte boundary");
    }

    /// <summary>Best-of-5 time to open the file system and list /many, against the kernel listing the source's many/.</summary>
    public static BenchRow List(string name, string image, Func<IBlockReader, IFileTree> open, string src, string baselineName)
    {
        double best = double.MaxValue, bestKernel = double.MaxValue;
        for (int round = 0; round < 5; round++)
        {
            var sw = Stopwatch.StartNew();
            int kernelCount = Directory.EnumerateFileSystemEntries(Path.Combine(src, "many")).Count();
            bestKernel = Math.Min(bestKernel, sw.Elapsed.TotalMilliseconds);
            using var reader = new ImageFileReader(image);
            sw.Restart();
            var tree = open(new CachedBlockReader(reader));
            int count = tree.ListDirectory("/many").Count;
            best = Math.Min(best, sw.Elapsed.TotalMilliseconds);
            if (count != ManyFiles || kernelCount != ManyFiles)
                throw new InvalidOperationException($"listed {count} (kernel {kernelCount}) entries, expected {ManyFiles}");
        }
        return new BenchRow(name, best, "ms", bestKernel, baselineName, Note: "includes opening the file system");
    }
}
