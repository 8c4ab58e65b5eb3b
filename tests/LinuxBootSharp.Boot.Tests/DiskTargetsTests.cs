using LinuxBootSharp.Boot.Discovery;
using LinuxBootSharp.Boot.Targets;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.Boot.Tests;

/// <summary>What `lbs disks/ls/cat/scan` open for a name on the command line.</summary>
public sealed class DiskTargetsTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("lbs-targets-");

    public void Dispose() => _dir.Delete(true);

    /// <summary>An image of <paramref name="size"/> bytes with "EFI PART" at each of <paramref name="gptAt"/>.</summary>
    private string Image(string name, int size, params int[] gptAt)
    {
        var bytes = new byte[size];
        foreach (var at in gptAt)
            "EFI PART"u8.CopyTo(bytes.AsSpan(at));
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void SectorSizeIsGuessedFromWhereTheGptHeaderIs()
    {
        using (var d = DiskTargets.OpenDisk(Image("4kn.img", 64 << 10, 4096)))
            Assert.Equal(4096, d.SectorSize);
        using (var d = DiskTargets.OpenDisk(Image("512.img", 64 << 10, 512)))
            Assert.Equal(512, d.SectorSize);
        // Both (a 512-byte disk whose data happens to hold the signature at 4096) and neither: 512.
        using (var d = DiskTargets.OpenDisk(Image("both.img", 64 << 10, 512, 4096)))
            Assert.Equal(512, d.SectorSize);
        using (var d = DiskTargets.OpenDisk(Image("blank.img", 1024)))
            Assert.Equal(512, d.SectorSize);
        // Told explicitly, no guess.
        using (var d = DiskTargets.OpenDisk(Image("forced.img", 64 << 10, 512), 4096))
            Assert.Equal(4096, d.SectorSize);
    }

    [Fact]
    public void MissingTargetsAreOneStorageExceptionNamingThem()
    {
        var missing = Path.Combine(_dir.FullName, "nope.img");
        Assert.Equal($"{missing}: no such file or device", Assert.Throws<StorageException>(() => DiskTargets.OpenDisk(missing)).Message);
        Assert.Equal($"{missing}: no such file, device or directory", Assert.Throws<StorageException>(() => DiskTargets.Source(missing)).Message);
        Assert.IsType<DirectorySource>(DiskTargets.Source(_dir.FullName));
        Assert.IsType<BlockDiskSource>(DiskTargets.Source(Image("x.img", 1024)));
    }

    [Fact]
    public void ADiskWithoutAFileSystemSaysSo()
    {
        var img = Image("blank.img", 1 << 20);
        var e = Assert.Throws<StorageException>(() => DiskTargets.OpenTree(TargetPath.Parse(img + ":/boot")));
        Assert.StartsWith($"{img}: unknown file system", e.Message);
        var p = Assert.Throws<StorageException>(() => DiskTargets.OpenTree(TargetPath.Parse(img + ":2:/boot")));
        Assert.StartsWith($"{img}: no partition table", p.Message);
        Assert.EndsWith("so no partition 2", p.Message);
    }

    [Theory]
    [InlineData("disk.img:2:/boot/grub", "disk.img", 2, "/boot/grub")]
    [InlineData("disk.img:gpt1:/loader/loader.conf", "disk.img", 1, "/loader/loader.conf")]
    [InlineData("disk.img:msdos5:/", "disk.img", 5, "/")]
    [InlineData("disk.iso:0:/install", "disk.iso", 0, "/install")]
    [InlineData("disk.img:/boot", "disk.img", null, "/boot")]
    [InlineData("disk.img", "disk.img", null, "/")]
    [InlineData("my:disk.img:/x", "my:disk.img", null, "/x")]
    public void TargetPathsParseAsTheReadmeShows(string arg, string disk, int? part, string path) =>
        Assert.Equal(new TargetPath(disk, part, path), TargetPath.Parse(arg));
}
