using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using LinuxBootSharp.Storage;
using LinuxBootSharp.Storage.FileSystems.Iso9660;
using LinuxBootSharp.Storage.FileSystems.Xfs;

namespace LinuxBootSharp.Fuzz;

/// <summary>
/// The mutated bytes as a device: trailing zeros of a seed image are trimmed to keep inputs small,
/// so reads past the input (up to the size the image declares) return zeros, as the original did.
/// </summary>
internal sealed class ZeroExtendedReader(byte[] data, long length) : IBlockReader
{
    public string Name => "fuzz.img";
    public long Length { get; } = Math.Max(length, data.Length);
    public int SectorSize => 512;

    public void ReadAt(long offset, Span<byte> buffer)
    {
        if (offset < 0 || offset > Length - buffer.Length)
            InvalidDiskFormatException.Throw("block device", Name, offset, $"read of {buffer.Length} bytes beyond the end ({Length} bytes)");
        buffer.Clear();
        if (offset < data.Length)
            data.AsSpan((int)offset, (int)Math.Min(buffer.Length, data.Length - offset)).CopyTo(buffer);
    }

    public void Dispose() { }
}

/// <summary>Builds small seed images with the real tools, and walks whole trees with bounds.</summary>
internal static class FsFuzzSupport
{
    /// <summary>Largest device a mutated header may declare (keeps one run's memory and time bounded).</summary>
    public const long MaxDeclaredBytes = 64L << 20;

    public static string SeedDir(string name)
    {
        var d = Path.Combine(Path.GetTempPath(), $"lbs-fuzz-{name}-{Environment.ProcessId}");
        Directory.CreateDirectory(d);
        return d;
    }

    public static void Run(string tool, IEnumerable<string> args, Dictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? [])
            psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{tool} failed: {err.Result}");
    }

    public static void WriteTree(string src)
    {
        Directory.CreateDirectory(Path.Combine(src, "boot/grub"));
        File.WriteAllText(Path.Combine(src, "boot/grub/grub.cfg"), "set default=0\nmenuentry 'Linux' {\n  linux /boot/vmlinuz root=/dev/sda1\n}\n");
        File.WriteAllBytes(Path.Combine(src, "boot/vmlinuz"), Enumerable.Range(0, 20_000).Select(i => (byte)(i * 7)).ToArray());
        Directory.CreateDirectory(Path.Combine(src, "dir"));
        for (int i = 0; i < 40; i++)
            File.WriteAllText(Path.Combine(src, $"dir/entry-{i:D2}.conf"), $"entry {i}\n");
        File.CreateSymbolicLink(Path.Combine(src, "link"), "boot/grub/grub.cfg");
        File.CreateSymbolicLink(Path.Combine(src, "long-link"), string.Join('/', Enumerable.Range(0, 40).Select(i => $"component-{i:D2}")));
    }

    public static byte[] TrimZeros(byte[] image)
    {
        int end = image.AsSpan().LastIndexOfAnyExcept((byte)0) + 1;
        return image[..end];
    }

    /// <summary>Lists every directory (depth ≤ 8) and reads every file (≤ 4 MiB in all) and link.</summary>
    public static void WalkAll(IFileTree tree)
    {
        long budget = 4L << 20;
        var buf = new byte[64 << 10];
        void Walk(string dir, int depth)
        {
            if (depth > 8)
                return;
            foreach (var e in tree.ListDirectory(dir).Take(1000))
            {
                var p = dir == "/" ? "/" + e.Name : dir + "/" + e.Name;
                if (e.Kind == FileKind.Directory)
                    Walk(p, depth + 1);
                else if (e.Kind == FileKind.Symlink)
                {
                    tree.ReadLink(p);
                    tree.TryStat(p);
                }
                else if (e.Kind == FileKind.File && budget > 0)
                {
                    using var s = tree.OpenRead(p);
                    int n;
                    while (budget > 0 && (n = s.Read(buf)) > 0)
                        budget -= n;
                }
            }
        }
        Walk("/", 0);
    }
}

/// <summary>
/// XFS: small v5 and v4 images made by mkfs.xfs -p (1 KiB blocks, one allocation group), mutated,
/// then opened and walked. Expected failures are <see cref="StorageException"/>s.
/// </summary>
public sealed class XfsFuzzTarget : IFuzzTarget
{
    public string Name => "xfs";

    public IEnumerable<byte[]> Seeds()
    {
        var dir = FsFuzzSupport.SeedDir("xfs");
        try
        {
            var src = Path.Combine(dir, "src");
            FsFuzzSupport.WriteTree(src);
            var proto = new StringBuilder("fuzz\n0 0\nd--755 0 0\n");
            proto.Append("boot d--755 0 0\n grub d--755 0 0\n  grub.cfg ---644 0 0 ").Append(src).Append("/boot/grub/grub.cfg\n $\n vmlinuz ---644 0 0 ").Append(src).Append("/boot/vmlinuz\n$\n");
            proto.Append("dir d--755 0 0\n");
            for (int i = 0; i < 40; i++)
                proto.Append($" entry-{i:D2}.conf ---644 0 0 {src}/dir/entry-{i:D2}.conf\n");
            proto.Append("$\nlink l--777 0 0 boot/grub/grub.cfg\n");
            proto.Append("long-link l--777 0 0 ").Append(File.ResolveLinkTarget(Path.Combine(src, "long-link"), false)!.ToString()).Append("\n$\n");
            File.WriteAllText(Path.Combine(dir, "proto"), proto.ToString());
            // mkfs.xfs refuses file systems under 300 MB unless it believes it runs under fstests.
            var env = new Dictionary<string, string> { ["TEST_DIR"] = "1", ["TEST_DEV"] = "1", ["QA_CHECK_FS"] = "1" };
            var seeds = new List<byte[]>();
            foreach (var extra in new[] { Array.Empty<string>(), new[] { "-m", "crc=0" } })
            {
                var img = Path.Combine(dir, "seed.img");
                File.Delete(img);
                using (var f = File.Create(img))
                    f.SetLength(16 << 20);
                FsFuzzSupport.Run("mkfs.xfs", ["-q", "-f", "-b", "size=1024", "-d", "agcount=1", .. extra, "-L", "fuzz", "-p", Path.Combine(dir, "proto"), img], env);
                seeds.Add(FsFuzzSupport.TrimZeros(File.ReadAllBytes(img)));
            }
            return seeds;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    public void Run(byte[] input)
    {
        // The device is as long as the superblock says (bounded), so a trimmed seed still opens.
        long declared = 0;
        if (input.Length >= 16)
        {
            ulong blockSize = BinaryPrimitives.ReadUInt32BigEndian(input.AsSpan(4)), blocks = BinaryPrimitives.ReadUInt64BigEndian(input.AsSpan(8));
            declared = blocks > (ulong)FsFuzzSupport.MaxDeclaredBytes || blockSize > (ulong)FsFuzzSupport.MaxDeclaredBytes
                ? FsFuzzSupport.MaxDeclaredBytes
                : (long)Math.Min(blockSize * blocks, (ulong)FsFuzzSupport.MaxDeclaredBytes);
        }
        var dev = new ZeroExtendedReader(input, declared);
        if (!XfsFileTree.Detect(dev))
            return;
        FsFuzzSupport.WalkAll(XfsFileTree.Open(dev));
    }

    public bool IsExpected(Exception e) => e is StorageException;
}

/// <summary>
/// ISO9660: a Rock Ridge + Joliet image with an El Torito catalog made by xorriso, mutated, then
/// opened in each name space and walked. Expected failures are <see cref="StorageException"/>s.
/// </summary>
public sealed class IsoFuzzTarget : IFuzzTarget
{
    public string Name => "iso9660";

    public IEnumerable<byte[]> Seeds()
    {
        var dir = FsFuzzSupport.SeedDir("iso");
        try
        {
            var src = Path.Combine(dir, "src");
            FsFuzzSupport.WriteTree(src);
            File.WriteAllBytes(Path.Combine(src, "boot/bios.img"), new byte[2048]);
            var img = Path.Combine(dir, "seed.iso");
            FsFuzzSupport.Run("xorriso", ["-as", "mkisofs", "-o", img, "-R", "-J", "-V", "FUZZ", "-b", "boot/bios.img", "-no-emul-boot", "-boot-load-size", "4", src]);
            return [FsFuzzSupport.TrimZeros(File.ReadAllBytes(img))];
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    public void Run(byte[] input)
    {
        long declared = input.Length >= 32768 + 88
            ? Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(input.AsSpan(32768 + 80)) * 2048L, FsFuzzSupport.MaxDeclaredBytes)
            : 0;
        var dev = new ZeroExtendedReader(input, declared);
        if (!Iso9660FileTree.Detect(dev))
            return;
        foreach (var ns in new[] { IsoNameSpace.RockRidge, IsoNameSpace.Joliet, IsoNameSpace.Plain })
            FsFuzzSupport.WalkAll(Iso9660FileTree.Open(dev, null, ns));
    }

    public bool IsExpected(Exception e) => e is StorageException;
}
