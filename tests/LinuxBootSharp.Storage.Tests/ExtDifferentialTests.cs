using LinuxBootSharp.Storage.Tests.Fixtures;

namespace LinuxBootSharp.Storage.Tests;

/// <summary>
/// ext2/3/4 images made by mke2fs -d from the generated source tree, in every geometry; the
/// reader must reproduce every file, directory and symlink, and the identity blkid and dumpe2fs report.
/// </summary>
public class ExtDifferentialTests
{
    public static TheoryData<string> Geometries => new(Images.ExtGeometries.Select(g => g.Name));

    [Theory]
    [MemberData(nameof(Geometries))]
    public void EveryFileMatchesTheSourceTree(string geometry)
    {
        var g = Images.Ext(geometry);
        var image = Images.ExtImage(g);
        using var reader = new ImageFileReader(image);
        var fs = ExtFileSystem.Open(new CachedBlockReader(reader));
        // mke2fs -d with inline_data stores the 4 GiB sparse file without its trailing hole
        // (debugfs shows the same size); compare against what the image holds.
        Func<string, long?>? sizes = g.Features.Contains("inline_data", StringComparison.Ordinal)
            ? p => p == "/huge-sparse.bin" ? DebugfsSize(image, p) : null
            : null;
        var r = TreeComparer.Compare(Images.Source(SourceProfile.Ext), fs, ignoreInRoot: "lost+found", sizeOverride: sizes);
        Assert.Equal(SourceProfile.Ext.ManyFiles + 13, r.Files);
        Assert.Equal(7, r.Symlinks);
        Assert.Empty(fs.Warnings);
    }

    private static long DebugfsSize(string image, string path) =>
        long.Parse(System.Text.RegularExpressions.Regex.Match(Tool.Run("debugfs", ["-R", $"stat {path}", image], null), @"Size: (\d+)").Groups[1].Value);

    [Theory]
    [MemberData(nameof(Geometries))]
    public void IdentityMatchesBlkidAndDumpe2fs(string geometry)
    {
        var image = Images.ExtImage(Images.Ext(geometry));
        var blkid = Tool.Blkid(image);
        var dump = Tool.DumpE2fs(image);
        using var reader = new ImageFileReader(image);
        Assert.Equal(blkid["TYPE"], ExtFileSystem.Detect(reader));
        var fs = ExtFileSystem.Open(reader, new FileSystemIdentity { Type = "?", Device = image });
        Assert.Equal(blkid["TYPE"], fs.Identity.Type);
        Assert.Equal(blkid["UUID"], fs.Identity.Uuid);
        Assert.Equal(dump["Filesystem UUID"], fs.Identity.Uuid);
        Assert.Equal(blkid["LABEL"], fs.Identity.Label);
        Assert.Equal(int.Parse(dump["Block size"]), fs.Super.BlockSize);
        var features = dump["Filesystem features"].Split(' ');
        Assert.Equal(features.Contains("metadata_csum"), fs.Super.HasMetadataCsum);
        Assert.Equal(features.Contains("64bit"), fs.Super.Has(ExtFeatures.Incompat64Bit));
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void SymlinksResolveLikeTheKernel(string geometry)
    {
        using var reader = new ImageFileReader(Images.ExtImage(Images.Ext(geometry)));
        var fs = ExtFileSystem.Open(reader);
        Assert.Equal("deep inside\n", fs.ReadAllText("/links/fast"));
        Assert.Equal("deep inside\n", fs.ReadAllText("/links/slow"));
        Assert.Equal(SourceTree.GrubCfg, fs.ReadAllText("/links/abs"));
        Assert.Equal("deep inside\n", fs.ReadAllText("/links/dir/dir2/dir3/dir4/deep.txt"));
        Assert.Equal("deep inside\n", fs.ReadAllText("/links/dir/../dir1/dir2/dir3/dir4/deep.txt"));
        Assert.Equal(FileKind.Directory, fs.TryStat("/links/dir")?.Kind);
        Assert.Equal(FileKind.Symlink, fs.TryLStat("/links/dir")?.Kind);
        Assert.Null(fs.TryStat("/links/dangling"));
        Assert.Null(fs.TryStat("/boot/grub/grub.cfg/x"));
        var e = Assert.Throws<FileTreeException>(() => fs.TryStat("/links/loop1"));
        Assert.Contains("too many levels of symbolic links", e.Message);
    }

    [Fact]
    public void SlowSymlinkTargetIsLongerThanTheInodeBlockArray() =>
        Assert.True(SourceTree.SlowLinkTarget.Length >= 60);

    [Theory]
    [MemberData(nameof(Geometries))]
    public void ManyFileDirectoryIsAnHtreeWhereExpected(string geometry)
    {
        var g = Images.Ext(geometry);
        var image = Images.ExtImage(g);
        var stat = Tool.Run("debugfs", ["-R", "stat /many", image], null);
        var flags = Convert.ToUInt32(System.Text.RegularExpressions.Regex.Match(stat, @"Flags: 0x([0-9a-f]+)").Groups[1].Value, 16);
        Assert.Equal(g.Htree, (flags & ExtInode.IndexFlag) != 0);
        using var reader = new ImageFileReader(image);
        var fs = ExtFileSystem.Open(reader);
        var list = fs.ListDirectory("/many");
        Assert.Equal(SourceProfile.Ext.ManyFiles, list.Count);
        Assert.Equal("123\n", fs.ReadAllText("/many/file-with-a-reasonably-long-name-0123.txt"));
    }

    [Fact]
    public void InlineDataFilesAndDirectoriesAreRead()
    {
        var image = Images.ExtImage(Images.Ext("ext4-4k-inline"));
        var stat = Tool.Run("debugfs", ["-R", "stat /small.txt", image], null);
        Assert.Contains("Size of inline data", stat);
        var dirStat = Tool.Run("debugfs", ["-R", "stat /dir1/dir2", image], null);
        Assert.Contains("Size of inline data", dirStat);
        using var reader = new ImageFileReader(image);
        var fs = ExtFileSystem.Open(reader);
        Assert.Equal("fits in the inode\n", fs.ReadAllText("/small.txt"));
        Assert.Equal(["dir3"], fs.ListDirectory("/dir1/dir2").Select(e => e.Name));
    }

    [Fact]
    public void FileBeyondFourGibibytesReadsDataAndHoles()
    {
        using var reader = new ImageFileReader(Images.ExtImage(Images.Ext("ext3-1k")));
        var fs = ExtFileSystem.Open(reader);
        using var s = fs.OpenRead("/huge-sparse.bin");
        Assert.Equal(SourceTree.HugeSize, s.Length);
        var buf = new byte[8192 + 200];
        s.Position = SourceTree.HugeDataOffset - 100;
        s.ReadExactly(buf);
        Assert.All(buf.Take(100), b => Assert.Equal(0, b));
        Assert.Equal(SourceTree.Random(6, 8192), buf.Skip(100).Take(8192).ToArray());
        Assert.All(buf.Skip(8292), b => Assert.Equal(0, b));
        s.Position = 3L << 30; // a hole in the middle
        s.ReadExactly(buf);
        Assert.All(buf, b => Assert.Equal(0, b));
    }

    [Fact]
    public void RandomAccessReadsMatchTheSource()
    {
        using var reader = new ImageFileReader(Images.ExtImage(Images.Ext("ext4-2k-csum-no64bit")));
        var fs = ExtFileSystem.Open(reader);
        var expected = File.ReadAllBytes(Path.Combine(Images.Source(SourceProfile.Ext), "multi.bin"));
        using var s = fs.OpenRead("/multi.bin");
        var rng = new Random(7);
        for (int i = 0; i < 200; i++)
        {
            long at = rng.NextInt64(expected.Length);
            int len = rng.Next(1, 70_000);
            s.Position = at;
            var got = new byte[len];
            int n = s.ReadAtLeast(got, len, throwOnEndOfStream: false);
            Assert.Equal(Math.Min(len, expected.Length - at), n);
            Assert.True(expected.AsSpan((int)at, n).SequenceEqual(got.AsSpan(0, n)), $"mismatch reading {len} at {at}");
        }
    }

    [Fact]
    public void ErrorsNameDeviceAndPath()
    {
        var image = Images.ExtImage(Images.Ext("ext4-4k"));
        using var reader = new ImageFileReader(image);
        var fs = ExtFileSystem.Open(reader);
        var e = Assert.Throws<FileTreeException>(() => fs.OpenRead("/boot/missing"));
        Assert.Equal($"{image}:/boot/missing: no such file or directory", e.Message);
        Assert.Contains("is a directory", Assert.Throws<FileTreeException>(() => fs.OpenRead("/boot")).Message);
        Assert.Contains("not a directory", Assert.Throws<FileTreeException>(() => fs.ListDirectory("/zero")).Message);
    }
}
