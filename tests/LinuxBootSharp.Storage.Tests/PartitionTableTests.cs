using LinuxBootSharp.Storage.Tests.Fixtures;

namespace LinuxBootSharp.Storage.Tests;

/// <summary>GPT and MBR tables made by sgdisk/sfdisk, compared with `sfdisk --json`.</summary>
public class PartitionTableTests
{
    [Fact]
    public void GptMatchesSfdisk()
    {
        var disk = Images.GptDisk();
        var expected = Images.SfdiskJson(disk, 512);
        using var reader = new ImageFileReader(disk);
        var table = PartitionTable.Read(reader);
        Assert.NotNull(table);
        Assert.Equal("gpt", table.Scheme);
        Assert.Empty(table.Warnings);
        Assert.Equal(Images.DiskId(disk).ToLowerInvariant(), table.DiskId);
        Assert.Equal(expected.Count, table.Partitions.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            var p = table.Partitions[i];
            Assert.Equal(i + 1, p.Number);
            Assert.Equal(expected[i].Start * 512, p.Offset);
            Assert.Equal(expected[i].Size * 512, p.Length);
            Assert.Equal(expected[i].Type.ToLowerInvariant(), p.Type);
            Assert.Equal(expected[i].Uuid!.ToLowerInvariant(), p.UniqueId);
            Assert.Equal(expected[i].Name, p.Name);
        }
        Assert.Equal(["EFI System", "Linux filesystem", "BIOS boot", "XBOOTLDR"], table.Partitions.Select(p => p.TypeName));
        Assert.Equal("boot ünïcode", table.Partitions[3].Name);
    }

    [Fact]
    public void GptWith4096ByteSectors()
    {
        var disk = Images.Gpt4kDisk();
        var expected = Images.SfdiskJson(disk, 4096);
        using var reader = new ImageFileReader(disk, 4096);
        var table = PartitionTable.Read(reader);
        Assert.NotNull(table);
        Assert.Equal("gpt", table.Scheme);
        Assert.Equal(expected.Select(p => p.Start * 4096), table.Partitions.Select(p => p.Offset));
        Assert.Equal(expected.Select(p => p.Size * 4096), table.Partitions.Select(p => p.Length));
        Assert.Equal(["esp", "root"], table.Partitions.Select(p => p.Name));
        Assert.Equal([GptPartitionTypes.EfiSystem, GptPartitionTypes.LinuxFilesystem], table.Partitions.Select(p => p.Type));
    }

    [Fact]
    public void GptOn4kDiskIsNotFoundWhenReadWith512ByteSectors()
    {
        // The header sits at byte 4096 (LBA 1 of 4096); a 512-byte reader looks at byte 512.
        using var reader = new ImageFileReader(Images.Gpt4kDisk(), 512);
        var e = Assert.Throws<InvalidDiskFormatException>(() => PartitionTable.Read(reader));
        Assert.Contains("no \"EFI PART\" signature", e.Message);
    }

    [Theory]
    [InlineData(512)]
    [InlineData(4096)]
    public void MbrWithLogicalPartitionsMatchesSfdisk(int sectorSize)
    {
        var disk = Images.MbrDisk(sectorSize);
        var expected = Images.SfdiskJson(disk, sectorSize).Where(p => p.Type != "5").ToList();
        using var reader = new ImageFileReader(disk, sectorSize);
        var table = PartitionTable.Read(reader);
        Assert.NotNull(table);
        Assert.Equal("msdos", table.Scheme);
        Assert.Equal("1234abcd", table.DiskId);
        Assert.Equal([1, 2, 5, 6], table.Partitions.Select(p => p.Number));
        Assert.Equal(expected.Select(p => p.Start * sectorSize), table.Partitions.Select(p => p.Offset));
        Assert.Equal(expected.Select(p => p.Size * sectorSize), table.Partitions.Select(p => p.Length));
        Assert.Equal(expected.Select(p => "0x" + p.Type.PadLeft(2, '0')), table.Partitions.Select(p => p.Type));
        Assert.Equal(expected.Select(p => p.Bootable), table.Partitions.Select(p => p.Bootable));
        Assert.Equal([false, false, true, true], table.Partitions.Select(p => p.IsLogical));
        Assert.Equal("1234abcd-05", table.Partitions[2].UniqueId);
        Assert.Equal("Linux swap", table.Partitions[3].TypeName);
    }

    [Fact]
    public void SuperfloppyHasNoTable()
    {
        using var reader = new ImageFileReader(Images.FatImage(Images.Fat("fat16")));
        Assert.Null(PartitionTable.Read(reader));
        using var ext = new ImageFileReader(Images.ExtImage(Images.Ext("ext4-4k")));
        Assert.Null(PartitionTable.Read(ext));
    }

    [Fact]
    public void Crc32MatchesKnownVectors()
    {
        Assert.Equal(0xCBF43926u, Crc32.Ieee("123456789"u8));
        // CRC-32C check value, as the kernel computes it without the final inversion.
        Assert.Equal(0xE3069283u, ~Crc32.CastagnoliRaw(0xFFFFFFFF, "123456789"u8));
    }
}
