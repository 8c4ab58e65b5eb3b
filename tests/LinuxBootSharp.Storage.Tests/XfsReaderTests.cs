using LinuxBootSharp.Storage.FileSystems.Xfs;

namespace LinuxBootSharp.Storage.Tests;

public sealed class XfsReaderTests
{
    public static TheoryData<string> GeometryNames => new(XfsTestImages.Geometries.Select(g => g.Name));

    private static (string Folder, string Image, XfsGeometry G) Image(string name)
    {
        var g = XfsTestImages.Geometry(name);
        var folder = XfsTestImages.Build(g);
        return (folder, Path.Combine(folder, "image.img"), g);
    }

    [Theory]
    [MemberData(nameof(GeometryNames))]
    public void EveryFileDirectoryAndLinkMatchesTheSourceTree(string name)
    {
        var (folder, img, g) = Image(name);
        using var dev = new TestImageReader(img);
        Assert.True(XfsFileTree.Detect(dev));
        var fs = XfsFileTree.Open(dev);
        Assert.Equal(g.V5 ? 5 : 4, fs.Superblock.Version);
        Assert.Equal(g.BlockSize, fs.Superblock.BlockSize);
        XfsTestImages.Expected(folder, g).AssertMatches(fs);
    }

    [Theory]
    [MemberData(nameof(GeometryNames))]
    public void LabelAndUuidAreWhatBlkidReports(string name)
    {
        var (_, img, g) = Image(name);
        using var dev = new TestImageReader(img);
        var fs = XfsFileTree.Open(dev, new FileSystemIdentity { Type = "unknown", Device = "/dev/sdz3", DiskIndex = 2, PartitionNumber = 3, PartitionScheme = "gpt" });
        var blkid = ImageTools.Blkid(img);
        Assert.Equal("xfs", blkid["TYPE"]);
        Assert.Equal("xfs", fs.Identity.Type);
        Assert.Equal(blkid["UUID"], fs.Identity.Uuid);
        Assert.Equal(g.Label, blkid["LABEL"]);
        Assert.Equal(blkid["LABEL"], fs.Identity.Label);
        Assert.Equal("hd2,gpt3", fs.Identity.GrubDevice);
    }

    [Theory]
    [MemberData(nameof(GeometryNames))]
    public void TheImagesReallyHoldEveryDirectoryAndForkFormat(string name)
    {
        var (_, img, g) = Image(name);
        // Checked with xfs_db, the reference tool, so the differential test above really covers each format.
        Assert.Equal("local", XfsTestImages.DirectoryFormat(img, "/small", g));
        Assert.Equal("block", XfsTestImages.DirectoryFormat(img, "/blockdir", g));
        Assert.Equal(g.BlockSize == 4096 && name.Contains("n16k", StringComparison.Ordinal) ? "block" : "leaf", XfsTestImages.DirectoryFormat(img, "/leafdir", g));
        Assert.Equal("node", XfsTestImages.DirectoryFormat(img, "/nodedir", g));

        using var dev = new TestImageReader(img);
        var fs = XfsFileTree.Open(dev);
        var frag = fs.FindInode("/frag")!;
        Assert.Equal(XfsForkFormat.Btree, frag.Format);
        int levels = XfsTestImages.Plan(g).TwoLevels ? 2 : 1;
        Assert.Equal(levels, System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(frag.DataFork));
        var dbLevel = ImageTools.Run("xfs_db", ["-r", "-c", "path /frag", "-c", $"p {(g.V5 ? "u3" : "u")}.bmbt.level", img]);
        Assert.Contains($"bmbt.level = {levels}", dbLevel);
        Assert.Equal((ulong)XfsTestImages.FragBlocks(g), frag.ExtentCount);
        Assert.Equal(XfsForkFormat.Extents, fs.FindInode("/holes")!.Format);
        Assert.Equal(XfsForkFormat.Local, fs.FindInode("/link-local")!.Format);
        Assert.Equal(XfsForkFormat.Extents, fs.FindInode("/link-remote")!.Format);
        Assert.Equal(XfsForkFormat.Extents, fs.FindInode("/link-long")!.Format);
    }

    [Fact]
    public void SymlinksResolveLikeTheKernel()
    {
        var (folder, img, g) = Image("v5-b4k");
        using var dev = new TestImageReader(img);
        var fs = XfsFileTree.Open(dev);
        var expected = XfsTestImages.Expected(folder, g);
        Assert.Equal(expected.Files["/boot/grub/grub.cfg"], fs.ReadAllBytes("/link-local"));
        Assert.Equal(expected.Files["/boot/vmlinuz"], fs.ReadAllBytes("/link-dir/vmlinuz"));
        Assert.Equal(expected.Files["/boot/vmlinuz"], fs.ReadAllBytes("/link-abs"));
        Assert.Equal("six levels down\n", fs.ReadAllText("/link-remote"));
        Assert.Equal("nine levels down\n", fs.ReadAllText("/link-long"));
        Assert.Equal(FileKind.Symlink, fs.TryLStat("/link-dangling")!.Value.Kind);
        Assert.Null(fs.TryStat("/link-dangling"));
        var loop = Assert.Throws<FileTreeException>(() => fs.TryStat("/loop1"));
        Assert.Contains("too many levels of symbolic links", loop.Message);
        Assert.Equal(FileKind.Directory, fs.TryStat("/link-dir/grub/..")!.Value.Kind);
        Assert.Null(fs.TryStat("/hello.txt/x"));
        Assert.Throws<FileTreeException>(() => fs.OpenRead("/boot"));
        Assert.Throws<FileTreeException>(() => fs.ListDirectory("/hello.txt"));
    }

    [Fact]
    public void SeekingIntoHolesAndUnwrittenExtentsReadsZeros()
    {
        var (folder, img, g) = Image("v5-b1k-n8k");
        using var dev = new TestImageReader(img);
        var fs = XfsFileTree.Open(dev);
        var expected = XfsTestImages.Expected(folder, g).Files["/frag"];
        using var s = fs.OpenRead("/frag");
        Assert.True(s.CanSeek);
        var rng = new Random(7);
        for (int i = 0; i < 200; i++)
        {
            long pos = rng.NextInt64(expected.Length);
            int len = (int)Math.Min(rng.Next(1, 5000), expected.Length - pos);
            s.Seek(pos, SeekOrigin.Begin);
            var buf = new byte[len];
            s.ReadExactly(buf);
            Assert.True(expected.AsSpan((int)pos, len).SequenceEqual(buf), $"bytes at {pos}+{len}");
        }
        // The unwritten extent's block is all zeros although its disk block holds data.
        s.Seek(2L * XfsTestImages.UnwrittenIndex * g.BlockSize, SeekOrigin.Begin);
        var blk = new byte[g.BlockSize];
        s.ReadExactly(blk);
        Assert.All(blk, b => Assert.Equal(0, b));
    }

    [Fact]
    public void ChangedUuidKeepsMetaUuidAndReportsTheNewOneAsBlkidDoes()
    {
        var (folder, img, g) = Image("v5-b4k");
        var copy = ImageTools.Cached("xfs-metauuid", "xfs_admin -U 4f5a3c1e-0000-4000-8000-123456789abc\n" + folder, dir =>
        {
            var p = Path.Combine(dir, "image.img");
            File.Copy(img, p);
            ImageTools.Run("xfs_admin", ["-U", "4f5a3c1e-0000-4000-8000-123456789abc", p]);
            return p;
        });
        var path = Path.Combine(copy, "image.img");
        using var dev = new TestImageReader(path);
        var fs = XfsFileTree.Open(dev);
        Assert.NotEqual(0u, fs.Superblock.IncompatFeatures & XfsFeatures.IncompatMetaUuid);
        Assert.Equal("4f5a3c1e-0000-4000-8000-123456789abc", ImageTools.Blkid(path)["UUID"]);
        Assert.Equal("4f5a3c1e-0000-4000-8000-123456789abc", fs.Identity.Uuid);
        Assert.False(fs.Superblock.MetaUuidBytes.AsSpan().SequenceEqual(fs.Superblock.UuidBytes));
        // Metadata still carries the original UUID and owner: the btree file still reads.
        Assert.Equal(XfsTestImages.Expected(folder, g).Files["/frag"], fs.ReadAllBytes("/frag", long.MaxValue));
    }

    [Fact]
    public void BigDirectoryLookupsAndListingAgree()
    {
        var (_, img, _) = Image("v4-b1k-ftype0");
        using var dev = new TestImageReader(img);
        var fs = XfsFileTree.Open(dev);
        var list = fs.ListDirectory("/nodedir");
        Assert.Equal(XfsTestImages.NodeDirEntries, list.Count);
        Assert.All(list, e => Assert.Equal(FileKind.File, e.Kind));
        Assert.Equal("node entry 1234\n", fs.ReadAllText("/nodedir/file-with-a-longer-name-01234.conf"));
        Assert.Null(fs.TryStat("/nodedir/file-with-a-longer-name-99999.conf"));
        Assert.Null(fs.TryStat("/NODEDIR"));
    }

    [Theory]
    [InlineData("v5-b4k")]       // bigtime: 64-bit nanoseconds since 1901
    [InlineData("v4-b4k")]       // classic: 32-bit seconds + nanoseconds
    public void ModificationTimeIsWhatXfsDbShows(string name)
    {
        var (_, img, _) = Image(name);
        using var dev = new TestImageReader(img);
        var fs = XfsFileTree.Open(dev);
        var o = ImageTools.Run("xfs_db", ["-r", "-c", "path /boot/grub/grub.cfg", "-c", "p core.mtime.sec core.mtime.nsec", img], env: new Dictionary<string, string> { ["TZ"] = "UTC" });
        var sec = System.Text.RegularExpressions.Regex.Match(o, @"core.mtime.sec = (.+)").Groups[1].Value.Trim();
        var nsec = long.Parse(System.Text.RegularExpressions.Regex.Match(o, @"core.mtime.nsec = (\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var expected = DateTimeOffset.ParseExact(System.Text.RegularExpressions.Regex.Replace(sec, " +", " "), "ddd MMM d HH:mm:ss yyyy", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal)
            .AddTicks(nsec / 100);
        Assert.Equal(expected, fs.TryStat("/boot/grub/grub.cfg")!.Value.Modified);
    }

    [Theory]
    [InlineData("v5-b4k-asciici", true)]
    [InlineData("v5-b4k", false)]
    public void AsciiCiFileSystemsIgnoreTheCaseOfAsciiLettersOnly(string name, bool ci)
    {
        var (_, img, _) = Image(name);
        using var dev = new TestImageReader(img);
        var fs = XfsFileTree.Open(dev);
        Assert.Equal(ci, fs.Superblock.AsciiCaseInsensitive);
        Assert.Equal(ci, fs.FileExists("/BOOT/GRUB/Grub.CFG"));
        Assert.Equal(ci, fs.FileExists("/nodedir/FILE-WITH-A-LONGER-NAME-00042.CONF"));
        Assert.True(fs.FileExists("/boot/grub/grub.cfg"));
    }

    [Fact]
    public void AnIsoStoredOnXfsOpensAsALoopbackDisk()
    {
        var (_, img, _) = Image("v5-b4k");
        using var dev = new TestImageReader(img);
        var xfs = XfsFileTree.Open(dev, new FileSystemIdentity { Type = "xfs", Device = "/dev/sda2" });
        using var loop = LinuxBootSharp.Storage.FileSystems.Iso9660.IsoImage.Open(xfs, "/isos/live.iso");
        Assert.Equal("/dev/sda2:/isos/live.iso", loop.Disk.Name);
        Assert.Equal("2023-10-15-12-00-00-00", loop.FileSystem.Identity.Uuid);
        Assert.Equal("Ubuntu 23.10", loop.FileSystem.Identity.Label);
        Assert.Equal(ImageTools.Bytes(6, 123_457), loop.FileSystem.ReadAllBytes("/casper/vmlinuz"));
        Assert.Equal("menuentry 'Try Ubuntu' { linux /casper/vmlinuz }\n", loop.FileSystem.ReadAllText("/casper/grub.cfg"));
    }
}
