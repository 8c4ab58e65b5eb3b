using System.Globalization;

namespace LinuxBootSharp.Storage.Tests.Fixtures;

/// <summary>One ext geometry: mke2fs type, block size and -O feature edits.</summary>
public sealed record ExtGeometry(string Name, string Type, int BlockSize, string Features, bool Htree = true)
{
    public override string ToString() => Name;
}

/// <summary>One FAT geometry: FAT width, logical sector size and image size.</summary>
public sealed record FatGeometry(string Name, int FatBits, int SectorSize, long SizeBytes, SourceProfile Profile)
{
    public override string ToString() => Name;
}

/// <summary>The test images, built by the real tools and cached by recipe (see <see cref="ImageCache"/>).</summary>
public static class Images
{
    public const long ExtImageBytes = 32L << 20;
    public const string ExtLabel = "lbs-root";
    public const string FatLabel = "LBS ESP";

    public static readonly ExtGeometry[] ExtGeometries =
    [
        new("ext4-4k", "ext4", 4096, ""),
        new("ext4-1k-nocsum-no64bit", "ext4", 1024, "^metadata_csum,^64bit"),
        new("ext4-2k-csum-no64bit", "ext4", 2048, "metadata_csum,^64bit"),
        new("ext4-4k-nocsum-64bit", "ext4", 4096, "^metadata_csum,64bit"),
        new("ext4-4k-inline", "ext4", 4096, "inline_data"),
        new("ext4-1k-metabg", "ext4", 1024, "meta_bg,^resize_inode"),
        new("ext3-1k", "ext3", 1024, ""),
        new("ext2-2k", "ext2", 2048, ""),
        new("ext2-4k-linear-dirs", "ext2", 4096, "", Htree: false),
    ];

    public static readonly FatGeometry[] FatGeometries =
    [
        new("fat12", 12, 512, 4L << 20, SourceProfile.SmallFat),
        new("fat16", 16, 512, 24L << 20, SourceProfile.Fat),
        new("fat32", 32, 512, 48L << 20, SourceProfile.Fat),
        new("fat32-4k-sectors", 32, 4096, 300L << 20, SourceProfile.Fat),
    ];

    public static ExtGeometry Ext(string name) => ExtGeometries.Single(g => g.Name == name);
    public static FatGeometry Fat(string name) => FatGeometries.Single(g => g.Name == name);

    public static string Source(SourceProfile p) =>
        ImageCache.Directory("src", $"{SourceTree.Version} {p}", d => SourceTree.Create(d, p));

    public static string ExtImage(ExtGeometry g)
    {
        var src = Source(SourceProfile.Ext);
        var args = new List<string> { "-q", "-F", "-t", g.Type, "-b", g.BlockSize.ToString(CultureInfo.InvariantCulture), "-L", ExtLabel, "-d", src };
        if (g.Features.Length > 0)
            args.AddRange(["-O", g.Features]);
        var recipe = $"{SourceTree.Version} mke2fs {string.Join(' ', args)} {ExtImageBytes} htree={g.Htree}";
        return ImageCache.File($"{g.Name}.img", recipe, tmp =>
        {
            ImageCache.Sparse(tmp, ExtImageBytes);
            args.Add(tmp);
            Tool.Run("mke2fs", args, null);
            // e2fsck -D rebuilds every multi-block directory as an htree (exit 1: "modified").
            if (g.Htree)
                Tool.Run("e2fsck", ["-fyD", tmp], null, okExitCodes: [1]);
        });
    }

    public static string FatImage(FatGeometry g)
    {
        var src = Source(g.Profile);
        var mkfs = new List<string> { "-F", g.FatBits.ToString(CultureInfo.InvariantCulture), "-S", g.SectorSize.ToString(CultureInfo.InvariantCulture), "-n", FatLabel };
        if (g.FatBits == 32)
            mkfs.AddRange(["-s", "1"]);
        var recipe = $"{SourceTree.Version} mkfs.vfat {string.Join(' ', mkfs)} {g.SizeBytes} mcopy -s {g.Profile}";
        return ImageCache.File($"{g.Name}.img", recipe, tmp =>
        {
            ImageCache.Sparse(tmp, g.SizeBytes);
            Tool.Run("mkfs.vfat", [.. mkfs, tmp], null);
            var top = Directory.EnumerateFileSystemEntries(src).Order(StringComparer.Ordinal).ToList();
            Tool.Run("mcopy", ["-s", "-p", "-i", tmp, .. top, "::/"], null);
        });
    }

    /// <summary>
    /// A 4-partition GPT disk (512-byte sectors) assembled with sgdisk: ESP (FAT32), Linux
    /// filesystem (ext4), BIOS boot (empty), XBOOTLDR (ext2).
    /// </summary>
    public static string GptDisk()
    {
        var fat = FatImage(Fat("fat32"));
        var ext = ExtImage(Ext("ext4-4k"));
        var ext2 = ExtImage(Ext("ext2-2k"));
        var recipe = $"gpt-512 {fat} {ext} {ext2} v2";
        return ImageCache.File("gpt-512.img", recipe, tmp =>
        {
            ImageCache.Sparse(tmp, 128L << 20);
            Tool.Run("sgdisk",
                "-n", "1:2048:+48M", "-t", "1:ef00", "-c", "1:EFI system partition",
                "-n", "2:0:+32M", "-t", "2:8300", "-c", "2:root fs",
                "-n", "3:0:+1M", "-t", "3:ef02", "-c", "3:bios",
                "-n", "4:0:+32M", "-t", "4:ea00", "-c", "4:boot ünïcode",
                tmp);
            ImageCache.Place(tmp, fat, 2048L * 512);
            var parts = SfdiskJson(tmp, 512);
            ImageCache.Place(tmp, ext, parts[1].Start * 512);
            ImageCache.Place(tmp, ext2, parts[3].Start * 512);
        });
    }

    /// <summary>A GPT disk with 4096-byte logical sectors made with sfdisk --sector-size 4096.</summary>
    public static string Gpt4kDisk()
    {
        var fat = FatImage(Fat("fat32-4k-sectors"));
        var ext = ExtImage(Ext("ext4-1k-nocsum-no64bit"));
        var recipe = $"gpt-4k {fat} {ext} v3";
        return ImageCache.File("gpt-4k.img", recipe, tmp =>
        {
            ImageCache.Sparse(tmp, 400L << 20);
            // sfdisk 2.38 has no --sector-size; fdisk -b does. Expert mode names the partitions.
            Tool.Run("fdisk", ["-b", "4096", tmp], "g\nn\n1\n256\n+300M\nt\n1\nn\n2\n\n+32M\nx\nn\n1\nesp\nn\n2\nroot\nr\nw\n");
            var parts = SfdiskJson(tmp, 4096);
            ImageCache.Place(tmp, fat, parts[0].Start * 4096);
            ImageCache.Place(tmp, ext, parts[1].Start * 4096);
        });
    }

    /// <summary>An MBR disk with two primaries, an extended partition and two logical ones.</summary>
    public static string MbrDisk(int sectorSize)
    {
        var fat = FatImage(Fat("fat16"));
        var ext = ExtImage(Ext("ext3-1k"));
        var ext4 = ExtImage(Ext("ext4-4k-inline"));
        var recipe = $"mbr-{sectorSize} {fat} {ext} {ext4} v3";
        return ImageCache.File($"mbr-{sectorSize}.img", recipe, tmp =>
        {
            ImageCache.Sparse(tmp, 160L << 20);
            if (sectorSize == 512)
                Tool.Run("sfdisk", ["--quiet", tmp], "label: dos\nlabel-id: 0x1234abcd\nsize=24MiB, type=e, bootable\nsize=32MiB, type=83\ntype=5\nsize=32MiB, type=83\nsize=8MiB, type=82\n");
            else
                Tool.Run("fdisk", ["-b", sectorSize.ToString(CultureInfo.InvariantCulture), tmp],
                    "o\nx\ni\n0x1234abcd\nr\nn\np\n1\n256\n+24M\nn\np\n2\n\n+32M\nn\ne\n3\n\n\nn\n\n+32M\nn\n\n+8M\nt\n1\ne\nt\n6\n82\na\n1\nw\n");
            var parts = SfdiskJson(tmp, sectorSize);
            ImageCache.Place(tmp, fat, parts[0].Start * sectorSize);
            ImageCache.Place(tmp, ext, parts[1].Start * sectorSize);
            ImageCache.Place(tmp, ext4, parts.Single(p => p.Node.EndsWith("5", StringComparison.Ordinal)).Start * sectorSize);
        });
    }

    public sealed record SfdiskPartition(string Node, long Start, long Size, string Type, string? Uuid, string? Name, bool Bootable);

    /// <summary>The partition list as util-linux sees it: `sfdisk --json` for 512-byte sectors,
    /// `fdisk -b N -l` otherwise (sfdisk 2.38 cannot be told the sector size of an image).</summary>
    public static List<SfdiskPartition> SfdiskJson(string disk, int sectorSize)
    {
        if (sectorSize != 512)
            return FdiskList(disk, sectorSize);
        var json = Tool.Run("sfdisk", ["--json", disk], null);
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var list = new List<SfdiskPartition>();
        foreach (var p in doc.RootElement.GetProperty("partitiontable").GetProperty("partitions").EnumerateArray())
        {
            list.Add(new SfdiskPartition(
                p.GetProperty("node").GetString()!,
                p.GetProperty("start").GetInt64(),
                p.GetProperty("size").GetInt64(),
                p.GetProperty("type").GetString()!,
                p.TryGetProperty("uuid", out var u) ? u.GetString() : null,
                p.TryGetProperty("name", out var n) ? n.GetString() : null,
                p.TryGetProperty("bootable", out var b) && b.GetBoolean()));
        }
        return list;
    }

    private static List<SfdiskPartition> FdiskList(string disk, int sectorSize)
    {
        var ss = sectorSize.ToString(CultureInfo.InvariantCulture);
        bool gpt = Tool.Run("fdisk", ["-b", ss, "-l", disk], null).Contains("Disklabel type: gpt", StringComparison.Ordinal);
        var cols = gpt ? "Device,Start,Sectors,Type-UUID,UUID,Name" : "Device,Start,Sectors,Id,Boot";
        var list = new List<SfdiskPartition>();
        bool table = false;
        foreach (var line in Tool.Run("fdisk", ["-b", ss, "-l", "-o", cols, disk], null).Split('\n'))
        {
            if (line.StartsWith("Device", StringComparison.Ordinal)) { table = true; continue; }
            if (!table || line.Trim().Length == 0)
                continue;
            var t = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            list.Add(gpt
                ? new SfdiskPartition(t[0], long.Parse(t[1]), long.Parse(t[2]), t[3], t[4], t.Length > 5 ? t[5].Trim() : "", false)
                : new SfdiskPartition(t[0], long.Parse(t[1]), long.Parse(t[2]), t[3], null, null, t.Length > 4 && t[4] == "*"));
        }
        return list;
    }

    public static string DiskId(string disk)
    {
        var json = Tool.Run("sfdisk", ["--json", disk], null);
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("partitiontable").GetProperty("id").GetString()!;
    }
}
