using System.Diagnostics;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.Fuzz;

/// <summary>
/// Storage fuzz targets: a small real image (made here by mke2fs / mkfs.vfat / sgdisk) is mutated
/// and then probed, opened and walked. Expected failures are the storage layer's own
/// <see cref="StorageException"/>s; anything else, a hang or runaway allocation is a finding.
/// </summary>
public abstract class StorageFuzzTarget : IFuzzTarget
{
    /// <summary>Entries visited per input: a fuzzed directory may contain itself.</summary>
    private const int WalkBudget = 2000;
    private const int MaxReadPerFile = 1 << 20;

    public abstract string Name { get; }

    public IEnumerable<byte[]> Seeds() => MakeSeeds(StorageSeeds.Directory);

    protected abstract IEnumerable<byte[]> MakeSeeds(string dir);

    public abstract void Run(byte[] input);

    public bool IsExpected(Exception e) => e is StorageException;

    protected static void Walk(IFileTree tree)
    {
        int budget = WalkBudget;
        var pending = new Stack<string>();
        pending.Push("/");
        var buf = new byte[64 * 1024];
        while (pending.Count > 0 && budget > 0)
        {
            var dir = pending.Pop();
            IReadOnlyList<DirectoryEntry> entries;
            try
            {
                entries = tree.ListDirectory(dir);
            }
            catch (FileTreeException)
            {
                continue;
            }
            foreach (var e in entries)
            {
                if (--budget <= 0)
                    break;
                var p = dir == "/" ? "/" + e.Name : dir + "/" + e.Name;
                try
                {
                    tree.TryStat(p);
                    switch (e.Kind)
                    {
                        case FileKind.Directory:
                            pending.Push(p);
                            break;
                        case FileKind.File:
                            using (var s = tree.OpenRead(p))
                            {
                                int total = 0, n;
                                while (total < MaxReadPerFile && (n = s.Read(buf)) > 0)
                                    total += n;
                                s.Position = s.Length / 2;
                                _ = s.Read(buf);
                            }
                            break;
                        case FileKind.Symlink:
                            tree.ReadLink(p);
                            break;
                    }
                }
                catch (FileTreeException)
                {
                }
            }
        }
    }
}

/// <summary>ext2/ext4 (extents, inline data, htree-free small trees, symlinks).</summary>
public sealed class ExtFuzzTarget : StorageFuzzTarget
{
    public override string Name => "storage-ext";

    protected override IEnumerable<byte[]> MakeSeeds(string dir) =>
    [
        StorageSeeds.Image(dir, "ext4.img", 256 << 10, tmp => StorageSeeds.Tool("mke2fs", "-q", "-F", "-t", "ext4", "-b", "1024", "-N", "32", "-O", "^has_journal", "-d", StorageSeeds.Source(dir), tmp)),
        StorageSeeds.Image(dir, "ext4-inline.img", 256 << 10, tmp => StorageSeeds.Tool("mke2fs", "-q", "-F", "-t", "ext4", "-b", "1024", "-N", "32", "-O", "inline_data,^has_journal", "-d", StorageSeeds.Source(dir), tmp)),
        StorageSeeds.Image(dir, "ext2.img", 256 << 10, tmp => StorageSeeds.Tool("mke2fs", "-q", "-F", "-t", "ext2", "-b", "1024", "-N", "32", "-d", StorageSeeds.Source(dir), tmp)),
    ];

    public override void Run(byte[] input)
    {
        using var r = new MemoryBlockReader(input, "fuzz.img");
        Walk(ExtFileSystem.Open(r));
    }
}

/// <summary>FAT12 with long names and subdirectories.</summary>
public sealed class FatFuzzTarget : StorageFuzzTarget
{
    public override string Name => "storage-fat";

    protected override IEnumerable<byte[]> MakeSeeds(string dir) =>
    [
        StorageSeeds.Image(dir, "fat12.img", 128 << 10, tmp =>
        {
            StorageSeeds.Tool("mkfs.vfat", "-F", "12", "-n", "FUZZ", tmp);
            var src = StorageSeeds.Source(dir);
            StorageSeeds.Tool("mcopy", "-s", "-i", tmp, Path.Combine(src, "dir"), Path.Combine(src, "A long file name.txt"), Path.Combine(src, "r.bin"), "::/");
        }),
    ];

    public override void Run(byte[] input)
    {
        using var r = new MemoryBlockReader(input, "fuzz.img");
        Walk(FatFileSystem.Open(r));
    }
}

/// <summary>GPT (with backup) and MBR tables, then the whole scan: probe and open every partition.</summary>
public sealed class PartitionFuzzTarget : StorageFuzzTarget
{
    public override string Name => "storage-partitions";

    protected override IEnumerable<byte[]> MakeSeeds(string dir)
    {
        var fat = StorageSeeds.Image(dir, "part-fat.img", 64 << 10, tmp => StorageSeeds.Tool("mkfs.vfat", "-F", "12", tmp));
        yield return StorageSeeds.Image(dir, "gpt.img", 256 << 10, tmp =>
        {
            StorageSeeds.Tool("sgdisk", "-a", "1", "-n", "1:34:+64K", "-t", "1:ef00", "-c", "1:esp", "-n", "2:0:+64K", "-t", "2:8300", tmp);
            StorageSeeds.Place(tmp, fat, 34 * 512);
        });
        yield return StorageSeeds.Image(dir, "mbr.img", 256 << 10, tmp =>
        {
            StorageSeeds.Tool("sfdisk", ["--quiet", tmp], "label: dos\nstart=1, size=128, type=1\nstart=130, size=200, type=5\nstart=131, size=60, type=83\nstart=200, size=60, type=83\n");
            StorageSeeds.Place(tmp, fat, 512);
        });
    }

    public override void Run(byte[] input)
    {
        using var r = new MemoryBlockReader(input, "fuzz.img");
        var scan = DiskScanner.Scan(r, 0);
        foreach (var v in scan.Volumes)
            if (v.Tree is not null)
                Walk(v.Tree);
    }
}

/// <summary>Builds the seed images once per run under build/fuzz-seeds.</summary>
internal static class StorageSeeds
{
    public static string Directory { get; } = CreateDirectory();

    private static string CreateDirectory()
    {
        var d = Path.GetFullPath(Path.Combine("build", "fuzz-seeds", "storage-" + Environment.ProcessId));
        System.IO.Directory.CreateDirectory(d);
        return d;
    }

    public static string Source(string dir)
    {
        var src = Path.Combine(dir, "src");
        if (System.IO.Directory.Exists(src))
            return src;
        System.IO.Directory.CreateDirectory(Path.Combine(src, "dir", "sub"));
        File.WriteAllText(Path.Combine(src, "dir", "sub", "f.txt"), "hello\n");
        File.WriteAllText(Path.Combine(src, "small"), "small\n");
        File.WriteAllText(Path.Combine(src, "A long file name.txt"), "long\n");
        var r = new byte[20000];
        new Random(1).NextBytes(r);
        File.WriteAllBytes(Path.Combine(src, "r.bin"), r);
        File.CreateSymbolicLink(Path.Combine(src, "link"), "dir/sub/f.txt");
        File.CreateSymbolicLink(Path.Combine(src, "slowlink"), "dir/./sub/../sub/./././././././././././././././././././f.txt");
        return src;
    }

    public static byte[] Image(string dir, string name, int size, Action<string> build)
    {
        var path = Path.Combine(dir, name);
        if (!File.Exists(path))
        {
            var tmp = path + ".tmp";
            using (var f = new FileStream(tmp, FileMode.Create, FileAccess.Write))
                f.SetLength(size);
            build(tmp);
            File.Move(tmp, path);
        }
        return File.ReadAllBytes(path);
    }

    public static void Place(string disk, byte[] image, long offset)
    {
        using var f = new FileStream(disk, FileMode.Open, FileAccess.Write);
        f.Position = offset;
        f.Write(image);
    }

    public static void Tool(string file, params string[] args) => Tool(file, args, null);

    public static void Tool(string file, string[] args, string? stdin)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = stdin is not null };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        psi.Environment["LC_ALL"] = "C.UTF-8";
        using var p = Process.Start(psi)!;
        if (stdin is not null)
        {
            p.StandardInput.Write(stdin);
            p.StandardInput.Close();
        }
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)}: exit {p.ExitCode}: {err.Result}");
    }
}
