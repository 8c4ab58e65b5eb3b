using LinuxBootSharp.Storage.Tests.Fixtures;

namespace LinuxBootSharp.Storage.Tests;

/// <summary>FAT12/16/32 images made by mkfs.vfat + mcopy; compared with the source tree and blkid.</summary>
public class FatDifferentialTests
{
    public static TheoryData<string> Geometries => new(Images.FatGeometries.Select(g => g.Name));

    [Theory]
    [MemberData(nameof(Geometries))]
    public void EveryFileMatchesTheSourceTree(string geometry)
    {
        var g = Images.Fat(geometry);
        using var reader = new ImageFileReader(Images.FatImage(g), g.SectorSize);
        var fs = FatFileSystem.Open(new CachedBlockReader(reader));
        var r = TreeComparer.Compare(Images.Source(g.Profile), fs);
        Assert.True(r.Files >= g.Profile.ManyFiles + 9, $"{r.Files} files compared");
        Assert.Equal(g.FatBits switch { 12 => FatType.Fat12, 16 => FatType.Fat16, _ => FatType.Fat32 }, fs.Boot.Type);
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void IdentityMatchesBlkid(string geometry)
    {
        var g = Images.Fat(geometry);
        var image = Images.FatImage(g);
        var blkid = Tool.Blkid(image);
        using var reader = new ImageFileReader(image, g.SectorSize);
        Assert.Equal("vfat", FatFileSystem.Detect(reader));
        var fs = FatFileSystem.Open(reader);
        Assert.Equal(blkid["TYPE"], fs.Identity.Type);
        Assert.Equal(blkid["UUID"], fs.Identity.Uuid);
        Assert.Matches("^[0-9A-F]{4}-[0-9A-F]{4}$", fs.Identity.Uuid);
        Assert.Equal(blkid["LABEL"], fs.Identity.Label);
        Assert.Equal(blkid["VERSION"], fs.Boot.Type.ToString().ToUpperInvariant());
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void LookupIgnoresCaseLikeFirmware(string geometry)
    {
        var g = Images.Fat(geometry);
        using var reader = new ImageFileReader(Images.FatImage(g), g.SectorSize);
        var fs = FatFileSystem.Open(reader);
        Assert.Equal(SourceTree.GrubCfg, fs.ReadAllText("/BOOT/GRUB/GRUB.CFG"));
        Assert.Equal(SourceTree.GrubCfg, fs.ReadAllText("/boot/Grub/grub.cfg"));
        Assert.Equal("upper short name\n", fs.ReadAllText("/upper.txt"));
        Assert.Equal("mixed\n", fs.ReadAllText("/MIXED CASE NAME.txt"));
        Assert.Equal("long name\n", fs.ReadAllText("/" + SourceTree.LongName.ToUpperInvariant()));
        Assert.Equal("unicode\n", fs.ReadAllText("/" + SourceTree.UnicodeName));
        Assert.Contains(fs.ListDirectory("/"), e => e.Name == "Mixed Case Name.TXT");
        Assert.Null(fs.TryStat("/nope.txt"));
        Assert.Equal(0, fs.TryStat("/zero")?.Size);
    }
}
