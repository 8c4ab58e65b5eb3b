using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace LinuxBootSharp.Storage.Tests;

/// <summary>One mkfs.xfs geometry the differential tests run on.</summary>
public sealed record XfsGeometry(string Name, int BlockSize, bool V5, string Label, params string[] MkfsArgs)
{
    /// <summary>A 16 MiB image with a reduced tree (no 3,000-entry directory, small files): corruption tests and fuzz seeds.</summary>
    public bool Small { get; init; }

    public override string ToString() => Name;
}

/// <summary>
/// Builds XFS images with the real tools: a generated source tree is laid into a fresh file
/// system by <c>mkfs.xfs -p protofile</c>, then <c>xfs_db -x</c> reshapes three files into
/// forms mkfs never writes (a B+tree data fork with holes and an unwritten extent, an
/// extent-list file with holes, and the emptied donor whose blocks became the btree leaves).
/// <c>xfs_repair -n</c> must then find nothing wrong, so every image is a valid file system.
/// </summary>
internal static partial class XfsTestImages
{
    /// <summary>Blocks of /frag: 1,000 on the 1 KiB geometries (a two-level tree), 100 elsewhere (root in the inode, leaves below).</summary>
    public static int FragBlocks(XfsGeometry g) => g.BlockSize == 1024 && !g.Small ? 1000 : 100;

    /// <summary>How /frag's extents are spread over btree leaves, and whether an interior node sits between them and the inode root.</summary>
    public sealed record BtreePlan(int[] PerLeaf, bool TwoLevels)
    {
        public int Leaves => PerLeaf.Length;
        public int DonorBlocks => Leaves + (TwoLevels ? 1 : 0);
        public int First(int leaf) => PerLeaf.Take(leaf).Sum();
    }

    /// <summary>
    /// Leaves hold (block - header) / 16 records and every non-root block must be at least half
    /// full (xfs_repair checks it); 32 leaves of 31-32 records are more than the inode root can
    /// point at (20 on v5, 9 on v4), so the 1,000-extent file needs a level-1 node block.
    /// </summary>
    public static BtreePlan Plan(XfsGeometry g)
    {
        int n = FragBlocks(g);
        int cap = (g.BlockSize - (g.V5 ? 72 : 24)) / 16;
        bool two = n > 100;
        int leaves = two ? 32 : (n + cap - 1) / cap;
        return new BtreePlan(Enumerable.Range(0, leaves).Select(j => n / leaves + (j < n % leaves ? 1 : 0)).ToArray(), two);
    }
    public const int UnwrittenIndex = 50;
    public const int HolesSourceBlocks = 3;
    public const int NodeDirEntries = 3000;

    public static readonly XfsGeometry[] Geometries =
    [
        new("v5-b4k", 4096, true, "XFS-V5-4K", "-b", "size=4096"),
        new("v5-b1k-n8k", 1024, true, "xfs_v5_1k", "-b", "size=1024", "-n", "size=8192"),
        new("v5-b4k-n16k-nrext64", 4096, true, "big_dirs", "-b", "size=4096", "-n", "size=16384", "-i", "nrext64=1"),
        new("v5-b4k-asciici", 4096, true, "ascii_ci", "-b", "size=4096", "-n", "version=ci"),
        new("v4-b4k", 4096, false, "XFS-V4", "-m", "crc=0", "-b", "size=4096"),
        new("v4-b1k-ftype0", 1024, false, "v4-noftype", "-m", "crc=0", "-b", "size=1024", "-n", "size=4096,ftype=0"),
    ];

    /// <summary>One allocation group and 1 KiB blocks keep every used block in the first 4 MiB.</summary>
    public static readonly XfsGeometry SmallGeometry = new("v5-b1k-small", 1024, true, "small", "-b", "size=1024", "-d", "agcount=1") { Small = true };

    public static XfsGeometry Geometry(string name) => Geometries.Append(SmallGeometry).Single(g => g.Name == name);

    /// <summary>mkfs.xfs refuses file systems under 300 MB unless it believes it runs under fstests.</summary>
    private static readonly Dictionary<string, string> MkfsEnv = new()
    {
        ["TEST_DIR"] = "1",
        ["TEST_DEV"] = "1",
        ["QA_CHECK_FS"] = "1",
    };

    private const string Recipe = "xfs-tree-v6";
    private const long ImageBytes = 128L << 20;
    private const long SmallImageBytes = 16L << 20;

    public static string DeepDirName(int level) => $"deep{level}-" + new string((char)('a' + level), 93);

    /// <summary>Returns the folder holding image.img and src/ for a geometry.</summary>
    public static string Build(XfsGeometry g) =>
        ImageTools.Cached("xfs-" + g.Name, Recipe + "\n" + string.Join(' ', g.MkfsArgs) + "\n" + g.Label + g.Small, dir =>
        {
            var src = Path.Combine(dir, "src");
            WriteSourceTree(src, g.BlockSize, FragBlocks(g), Plan(g).DonorBlocks, g.Small);
            var proto = Path.Combine(dir, "proto");
            File.WriteAllText(proto, Protofile(src));
            var img = Path.Combine(dir, "image.img");
            using (var f = File.Create(img))
                f.SetLength(g.Small ? SmallImageBytes : ImageBytes);
            ImageTools.Run("mkfs.xfs", ["-q", "-f", .. g.MkfsArgs, "-L", g.Label, "-p", proto, img], env: MkfsEnv);
            Reshape(img, g);
            var repair = ImageTools.Run("xfs_repair", ["-n", "-f", img], allowFailure: true);
            if (repair.Contains("would", StringComparison.Ordinal) || repair.Contains("bad", StringComparison.Ordinal))
                throw new InvalidOperationException("xfs_repair -n found problems in the reshaped image:\n" + repair);
            return img;
        });

    public static void WriteSourceTree(string src, int blockSize, int fragBlocks, int donorBlocks, bool small)
    {
        Directory.CreateDirectory(src);
        void Put(string rel, byte[] data)
        {
            var p = Path.Combine(src, rel);
            Directory.CreateDirectory(Path.GetDirectoryName(p)!);
            File.WriteAllBytes(p, data);
        }
        Put("hello.txt", "hello from xfs\n"u8.ToArray());
        Put("empty", []);
        Put("boot/grub/grub.cfg", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 40).Select(i => $"menuentry 'Entry {i}' {{\n  linux /vmlinuz-{i} root=/dev/sda1\n}}\n"))));
        Put("boot/vmlinuz", ImageTools.Bytes(1, small ? 50_017 : 1_500_000 + 17));
        Put("boot/initrd.img", ImageTools.Bytes(2, small ? 7_123 : 700_000 + 123));
        for (int i = 0; i < 5; i++)
            Put($"small/s{i}.txt", Encoding.UTF8.GetBytes($"short-form entry {i}\n"));
        for (int i = 0; i < 60; i++)
            Put($"blockdir/b{i:D3}", Encoding.UTF8.GetBytes($"block-format entry {i}\n"));
        for (int i = 0; i < 300; i++)
            Put($"leafdir/entry-{i:D4}.cfg", Encoding.UTF8.GetBytes($"leaf entry {i}\n"));
        for (int i = 0; i < (small ? 0 : NodeDirEntries); i++)
            Put($"nodedir/file-with-a-longer-name-{i:D5}.conf", Encoding.UTF8.GetBytes($"node entry {i}\n"));
        if (!small)
        {
            // An install image stored on the file system, for GRUB-style loopback tests.
            var isoSrc = Path.Combine(Path.GetDirectoryName(src)!, "iso-src");
            Directory.CreateDirectory(Path.Combine(isoSrc, "casper"));
            File.WriteAllBytes(Path.Combine(isoSrc, "casper", "vmlinuz"), ImageTools.Bytes(6, 123_457));
            File.WriteAllText(Path.Combine(isoSrc, "casper", "grub.cfg"), "menuentry 'Try Ubuntu' { linux /casper/vmlinuz }\n");
            Directory.CreateDirectory(Path.Combine(src, "isos"));
            ImageTools.Run("xorriso", ["-volume_date", "uuid", "2023101512000000", "-as", "mkisofs", "-o", Path.Combine(src, "isos", "live.iso"), "-R", "-J", "-V", "Ubuntu 23.10", isoSrc]);
        }
        Put("frag", ImageTools.Bytes(3, fragBlocks * blockSize));
        Put("holes", ImageTools.Bytes(4, HolesSourceBlocks * blockSize));
        Put("donor", ImageTools.Bytes(5, donorBlocks * blockSize));

        var deep = string.Join('/', Enumerable.Range(0, 9).Select(DeepDirName));
        var mid = string.Join('/', Enumerable.Range(0, 6).Select(DeepDirName));
        Put(mid + "/mid.txt", "six levels down\n"u8.ToArray());
        Put(deep + "/t", "nine levels down\n"u8.ToArray());

        File.CreateSymbolicLink(Path.Combine(src, "link-local"), "boot/grub/grub.cfg");
        File.CreateSymbolicLink(Path.Combine(src, "link-dir"), "boot");
        File.CreateSymbolicLink(Path.Combine(src, "link-abs"), "/boot/vmlinuz");
        File.CreateSymbolicLink(Path.Combine(src, "link-remote"), mid + "/mid.txt");
        File.CreateSymbolicLink(Path.Combine(src, "link-long"), deep + "/t");
        File.CreateSymbolicLink(Path.Combine(src, "link-dangling"), "nowhere/at/all");
        File.CreateSymbolicLink(Path.Combine(src, "loop1"), "loop2");
        File.CreateSymbolicLink(Path.Combine(src, "loop2"), "loop1");
    }

    /// <summary>mkfs.xfs prototype file (xfsprogs mkfs/proto.c): "name mode uid gid [source|target]", "$" closes a directory.</summary>
    public static string Protofile(string src)
    {
        var sb = new StringBuilder("lbs-test\n0 0\nd--755 0 0\n");
        void Dir(string host, int depth)
        {
            var entries = new DirectoryInfo(host).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal);
            foreach (var e in entries)
            {
                var indent = new string(' ', depth);
                if (e.LinkTarget is string t)
                    sb.Append(CultureInfo.InvariantCulture, $"{indent}{e.Name} l--777 0 0 {t}\n");
                else if (e is DirectoryInfo)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"{indent}{e.Name} d--755 0 0\n");
                    Dir(e.FullName, depth + 1);
                    sb.Append(indent).Append("$\n");
                }
                else
                    sb.Append(CultureInfo.InvariantCulture, $"{indent}{e.Name} ---644 0 0 {e.FullName}\n");
            }
        }
        Dir(src, 1);
        sb.Append("$\n");
        return sb.ToString();
    }

    [GeneratedRegex(@"inode (\d+), dir inode")]
    private static partial Regex StackInode();

    [GeneratedRegex(@"data offset (\d+) startblock (\d+) \(\d+/\d+\) count (\d+) flag (\d)")]
    private static partial Regex BmapLine();

    private static (ulong Ino, ulong Start, int Count) Locate(string img, string path)
    {
        var o = ImageTools.Run("xfs_db", ["-r", "-c", "path " + path, "-c", "stack", "-c", "bmap", img]);
        var ino = ulong.Parse(StackInode().Match(o).Groups[1].Value, CultureInfo.InvariantCulture);
        var maps = BmapLine().Matches(o);
        if (maps.Count != 1)
            throw new InvalidOperationException($"{path}: expected one contiguous extent from mkfs, xfs_db says:\n{o}");
        return (ino, ulong.Parse(maps[0].Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(maps[0].Groups[3].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Rewrites /frag as a B+tree of one-block extents at even file blocks (odd blocks become
    /// holes, extent <see cref="UnwrittenIndex"/> becomes unwritten), its leaves (and interior
    /// node, see <see cref="Plan"/>) stored in /donor's former blocks; /holes becomes three
    /// one-block extents at file blocks 0, 5 and 9.
    /// </summary>
    private static void Reshape(string img, XfsGeometry g)
    {
        var frag = Locate(img, "/frag");
        var donor = Locate(img, "/donor");
        var holes = Locate(img, "/holes");
        var plan = Plan(g);
        int n = FragBlocks(g);
        if (frag.Count != n || donor.Count != plan.DonorBlocks || holes.Count != HolesSourceBlocks)
            throw new InvalidOperationException($"unexpected mkfs layout: frag {frag.Count}, donor {donor.Count}, holes {holes.Count}");
        var sbOut = ImageTools.Run("xfs_db", ["-r", "-c", "sb 0", "-c", "p uuid agblocks agblklog", img]);
        string Field(string f) => Regex.Match(sbOut, "^" + f + @" = (\S+)", RegexOptions.Multiline).Groups[1].Value;
        var uuid = Field("uuid");
        ulong agblocks = ulong.Parse(Field("agblocks"), CultureInfo.InvariantCulture);
        int agblklog = int.Parse(Field("agblklog"), CultureInfo.InvariantCulture);

        var s = new StringBuilder();
        void W(string line) => s.Append(line).Append('\n');
        // A long-format btree block header (xfs_btree_block, plus the CRC fields on v5).
        void Header(ulong fsb, int level, int numrecs, ulong? left, ulong? right)
        {
            W($"fsblock {fsb}");
            W("type bmapbtd");
            W(g.V5 ? "write -d magic 0x424d4133" : "write -d magic 0x424d4150");
            W($"write -d level {level}");
            W($"write -d numrecs {numrecs}");
            W(left is ulong l ? $"write -d leftsib {l}" : "write -d leftsib -- -1");
            W(right is ulong r ? $"write -d rightsib {r}" : "write -d rightsib -- -1");
            if (g.V5)
            {
                ulong daddr = ((fsb >> agblklog) * agblocks + (fsb & ((1UL << agblklog) - 1))) * (ulong)(g.BlockSize / 512);
                W($"write -d bno {daddr}");
                W($"write -d owner {frag.Ino}");
                W($"write -d uuid {uuid}");
                W("write -d lsn 0");
            }
        }
        W("path /donor");
        W("write core.size 0");
        W("write core.nextents 0");
        W("write core.nblocks 0");
        for (int j = 0; j < plan.Leaves; j++)
        {
            ulong fsb = donor.Start + (ulong)j;
            int first = plan.First(j);
            Header(fsb, 0, plan.PerLeaf[j], j == 0 ? null : fsb - 1, j == plan.Leaves - 1 ? null : fsb + 1);
            for (int k = 0; k < plan.PerLeaf[j]; k++)
            {
                int i = first + k;
                W($"write -d recs[{k + 1}].startoff {2 * i}");
                W($"write -d recs[{k + 1}].startblock {frag.Start + (ulong)i}");
                W($"write -d recs[{k + 1}].blockcount 1");
                W($"write -d recs[{k + 1}].extentflag {(i == UnwrittenIndex ? 1 : 0)}");
            }
        }
        ulong node = donor.Start + (ulong)plan.Leaves;
        if (plan.TwoLevels)
        {
            Header(node, 1, plan.Leaves, null, null);
            for (int j = 0; j < plan.Leaves; j++)
            {
                W($"write -d keys[{j + 1}].startoff {2 * plan.First(j)}");
                W($"write -d ptrs[{j + 1}] {donor.Start + (ulong)j}");
            }
        }
        string fork = g.V5 ? "u3" : "u"; // xfs_db names the literal area u3 in v3 inodes
        W("path /frag");
        W("write core.format 3");
        W($"write core.nextents {n}");
        W($"write core.nblocks {n + plan.DonorBlocks}");
        W($"write core.size {FragSize(g)}");
        if (plan.TwoLevels)
        {
            W($"write {fork}.bmbt.level 2");
            W($"write {fork}.bmbt.numrecs 1");
            W($"write {fork}.bmbt.keys[1].startoff 0");
            W($"write {fork}.bmbt.ptrs[1] {node}");
        }
        else
        {
            W($"write {fork}.bmbt.level 1");
            W($"write {fork}.bmbt.numrecs {plan.Leaves}");
            for (int j = 0; j < plan.Leaves; j++)
            {
                W($"write {fork}.bmbt.keys[{j + 1}].startoff {2 * plan.First(j)}");
                W($"write {fork}.bmbt.ptrs[{j + 1}] {donor.Start + (ulong)j}");
            }
        }
        W("path /holes");
        W($"write core.nextents {HolesSourceBlocks}");
        W($"write core.size {HolesSize(g.BlockSize)}");
        for (int i = 0; i < HolesSourceBlocks; i++)
        {
            W($"write {fork}.bmx[{i}].startoff {HoleOffsets[i]}");
            W($"write {fork}.bmx[{i}].startblock {holes.Start + (ulong)i}");
            W($"write {fork}.bmx[{i}].blockcount 1");
            W($"write {fork}.bmx[{i}].extentflag 0");
        }
        var outp = ImageTools.Run("xfs_db", ["-x", "-f", img], stdin: s.ToString());
        if (outp.Contains("error", StringComparison.OrdinalIgnoreCase) && !outp.Contains("Metadata CRC error detected", StringComparison.Ordinal))
            throw new InvalidOperationException("xfs_db reshaping failed:\n" + outp);
        if (g.V5)
        {
            FixRemoteSymlink(img, g, "/link-remote", uuid, agblocks, agblklog);
            FixRemoteSymlink(img, g, "/link-long", uuid, agblocks, agblklog);
        }
        var check = ImageTools.Run("xfs_db", ["-r", "-c", "path /frag", "-c", "p core.format", img]);
        if (!check.Contains("(btree)", StringComparison.Ordinal))
            throw new InvalidOperationException("/frag did not become a btree fork: " + check);
    }

    /// <summary>
    /// mkfs.xfs 6.1's protofile code writes v5 remote symlink blocks without their "XSLM" header
    /// (xfs_repair -n then reports "bad symlink header"); the kernel would refuse them too. This
    /// inserts the header (struct xfs_dsymlink_hdr, fs/xfs/libxfs/xfs_format.h) with its CRC32C,
    /// shifting the target behind it, so the image is what a kernel-made symlink looks like.
    /// </summary>
    private static void FixRemoteSymlink(string img, XfsGeometry g, string path, string uuid, ulong agblocks, int agblklog)
    {
        var (ino, fsb, count) = Locate(img, path);
        var sizeOut = ImageTools.Run("xfs_db", ["-r", "-c", "path " + path, "-c", "p core.size", img]);
        int len = int.Parse(Regex.Match(sizeOut, @"core.size = (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        const int hdr = 56;
        if (count != 1 || len > g.BlockSize - hdr)
            throw new InvalidOperationException($"{path}: {len} bytes in {count} blocks does not fit one v5 symlink block");
        ulong daddr = ((fsb >> agblklog) * agblocks + (fsb & ((1UL << agblklog) - 1))) * (ulong)(g.BlockSize / 512);
        long offset = (long)daddr * 512;
        using var f = new FileStream(img, FileMode.Open, FileAccess.ReadWrite);
        var blk = new byte[g.BlockSize];
        f.Position = offset;
        f.ReadExactly(blk);
        var target = blk.AsSpan(0, len).ToArray();
        Array.Clear(blk);
        target.CopyTo(blk, hdr);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(blk, 0x58534c4d);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(blk.AsSpan(8), (uint)len);
        Guid.Parse(uuid).TryWriteBytes(blk.AsSpan(16, 16), bigEndian: true, out _);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(blk.AsSpan(32), ino);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(blk.AsSpan(40), daddr);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(blk.AsSpan(12), Crc32C(blk));
        f.Position = offset;
        f.Write(blk);
    }

    /// <summary>CRC-32C (Castagnoli, reflected 0x82F63B78), as XFS checksums metadata (xfs_cksum.h).</summary>
    private static uint Crc32C(ReadOnlySpan<byte> data)
    {
        uint crc = 0xffffffff;
        foreach (var b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
                crc = (crc >> 1) ^ (0x82F63B78u & (uint)-(int)(crc & 1));
        }
        return ~crc;
    }

    public static readonly int[] HoleOffsets = [0, 5, 9];

    public static long FragSize(XfsGeometry g) => 2L * FragBlocks(g) * g.BlockSize - 1000;

    public static long HolesSize(int bs) => 12L * bs - 100;

    /// <summary>The source tree as the reshaped image must show it.</summary>
    public static ExpectedTree Expected(string folder, XfsGeometry g)
    {
        var t = ExpectedTree.FromDirectory(Path.Combine(folder, "src"));
        int bs = g.BlockSize;
        var fragSrc = t.Files["/frag"];
        var frag = new byte[FragSize(g)];
        for (int i = 0; i < FragBlocks(g); i++)
            if (i != UnwrittenIndex)
                fragSrc.AsSpan(i * bs, bs).CopyTo(frag.AsSpan(2 * i * bs));
        t.Files["/frag"] = frag;
        var holesSrc = t.Files["/holes"];
        var holes = new byte[HolesSize(bs)];
        for (int i = 0; i < HolesSourceBlocks; i++)
            holesSrc.AsSpan(i * bs, bs).CopyTo(holes.AsSpan(HoleOffsets[i] * bs));
        t.Files["/holes"] = holes;
        t.Files["/donor"] = [];
        return t;
    }

    /// <summary>xfs_db's view of a directory's format: "local", "block", "leaf" or "node".</summary>
    public static string DirectoryFormat(string img, string path, XfsGeometry g)
    {
        var o = ImageTools.Run("xfs_db", ["-r", "-c", "path " + path, "-c", "p core.format", "-c", "bmap", img]);
        if (o.Contains("(local)", StringComparison.Ordinal))
            return "local";
        long leafBlock = (1L << 35) / g.BlockSize, freeBlock = (2L << 35) / g.BlockSize;
        var offs = BmapLine().Matches(o).Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        if (offs.Any(x => x >= freeBlock))
            return "node";
        if (offs.Any(x => x >= leafBlock))
            return "leaf";
        return "block";
    }
}
