using System.Buffers.Binary;
using LinuxBootSharp.Storage.Tests.Fixtures;

namespace LinuxBootSharp.Storage.Tests;

/// <summary>
/// Damaged disks: each must end in a clear <see cref="StorageException"/> (or a warning where the
/// damage is survivable), never a hang or another exception type.
/// </summary>
public class CorruptInputTests
{
    private const int Sector = 512;

    [Fact]
    public void BadPrimaryGptHeaderCrcUsesTheBackupAndSaysSo()
    {
        var disk = ImageCache.ScratchCopy(Images.GptDisk(), "bad-header");
        try
        {
            ImageCache.Patch(disk, Sector + 56, [0xAA]); // inside the disk GUID, covered by the header CRC
            using var reader = new ImageFileReader(disk);
            long lastLba = reader.Length / Sector - 1;
            var table = PartitionTable.Read(reader);
            Assert.NotNull(table);
            Assert.Equal($"{disk}: primary GPT header CRC mismatch at LBA 1, using the backup GPT at LBA {lastLba}", Assert.Single(table.Warnings));
            Assert.Equal(4, table.Partitions.Count);
            var scan = DiskScanner.Scan(reader, 0);
            Assert.Contains(scan.Problems, p => p.Contains("using the backup GPT", StringComparison.Ordinal));
            Assert.Equal(["vfat", "ext4", DiskScanner.UnknownType, "ext2"], scan.Volumes.Select(v => v.Identity.Type));
        }
        finally { File.Delete(disk); }
    }

    [Fact]
    public void BadPrimaryEntryArrayCrcUsesTheBackup()
    {
        var disk = ImageCache.ScratchCopy(Images.GptDisk(), "bad-entries");
        try
        {
            ImageCache.Patch(disk, 2 * Sector + 60, [0x41, 0x00]); // first entry's name
            using var reader = new ImageFileReader(disk);
            var table = PartitionTable.Read(reader)!;
            Assert.Contains("GPT entry array CRC mismatch at LBA 2, using the backup GPT", Assert.Single(table.Warnings));
            Assert.Equal("EFI system partition", table.Partitions[0].Name);
        }
        finally { File.Delete(disk); }
    }

    [Fact]
    public void BothGptCopiesBadIsAClearErrorAndTheScanGoesOn()
    {
        var disk = ImageCache.ScratchCopy(Images.GptDisk(), "both-bad");
        try
        {
            long lastLba = new FileInfo(disk).Length / Sector - 1;
            ImageCache.Patch(disk, Sector + 56, [0xAA]);
            ImageCache.Patch(disk, lastLba * Sector + 56, [0xAA]);
            using var reader = new ImageFileReader(disk);
            var e = Assert.Throws<InvalidDiskFormatException>(() => PartitionTable.Read(reader));
            Assert.Equal($"{disk}: GPT at byte 512: primary GPT header CRC mismatch at LBA 1; backup GPT at LBA {lastLba}: backup GPT header CRC mismatch at LBA {lastLba}", e.Message);
            var scan = DiskScanner.Scan(reader, 0);
            Assert.Equal(e.Message, Assert.Single(scan.Problems));
            Assert.Empty(scan.Volumes);
        }
        finally { File.Delete(disk); }
    }

    [Fact]
    public void AbsurdGptEntryCountIsRefusedAndTheBackupUsed()
    {
        var disk = ImageCache.ScratchCopy(Images.GptDisk(), "absurd-count");
        try
        {
            var header = ImageCache.ReadAt(disk, Sector, 92);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(80), 0x7FFFFFFF);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), 0);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), Crc32.Ieee(header));
            ImageCache.Patch(disk, Sector, header);
            using var reader = new ImageFileReader(disk);
            var table = PartitionTable.Read(reader)!;
            Assert.Contains("declares 2147483647 entries", Assert.Single(table.Warnings));
            Assert.Equal(4, table.Partitions.Count);
        }
        finally { File.Delete(disk); }
    }

    [Fact]
    public void TruncatedDiskKeepsTheIntactPartitionsAndNamesTheCutOne()
    {
        var disk = ImageCache.ScratchCopy(Images.GptDisk(), "truncated");
        try
        {
            using (var f = new FileStream(disk, FileMode.Open, FileAccess.Write))
                f.SetLength(60L << 20); // ends inside partition 2
            using var reader = new ImageFileReader(disk);
            var scan = DiskScanner.Scan(reader, 0);
            Assert.Equal("vfat", scan.Volumes[0].Identity.Type);
            Assert.NotNull(scan.Volumes[0].Tree);
            var cut = scan.Volumes.Single(v => v.Identity.PartitionNumber == 2);
            Assert.Contains($"{disk}:2", cut.Problem);
            Assert.Contains("beyond the end of the disk", cut.Problem);
            Assert.Contains(cut.Problem, scan.Problems);
            // Whatever of the cut ext4 is still read either works or fails naming the device end.
            if (cut.Tree is not null)
            {
                var e = Assert.ThrowsAny<StorageException>(() => Walk(cut.Tree, "/", 0));
                Assert.Contains("beyond the end of the device", e.Message);
            }
            Assert.DoesNotContain(scan.Volumes, v => v.Identity.PartitionNumber == 4); // starts beyond the end
        }
        finally { File.Delete(disk); }
    }

    [Fact]
    public void TruncatedFileSystemImageFailsWithTheOffset()
    {
        var image = ImageCache.ScratchCopy(Images.ExtImage(Images.Ext("ext4-4k")), "truncated");
        try
        {
            using (var f = new FileStream(image, FileMode.Open, FileAccess.Write))
                f.SetLength(2L << 20);
            using var reader = new ImageFileReader(image);
            var e = Assert.ThrowsAny<StorageException>(() =>
            {
                var fs = ExtFileSystem.Open(reader);
                fs.ReadAllBytes("/multi.bin", long.MaxValue);
            });
            Assert.Contains("beyond the end of the device", e.Message);
            Assert.Contains(image, e.Message);
        }
        finally { File.Delete(image); }
    }

    [Fact]
    public void FatDirectoryClusterLoopIsReported()
    {
        var g = Images.Fat("fat16");
        var image = ImageCache.ScratchCopy(Images.FatImage(g), "dir-loop");
        try
        {
            // mshowfat prints the chain as <first-last>; point the last cluster back at the first.
            var chain = Tool.Run("mshowfat", ["-i", image, "::/many"], null);
            var m = System.Text.RegularExpressions.Regex.Match(chain, @"<(\d+)-(\d+)>");
            Assert.True(m.Success, chain);
            uint first = uint.Parse(m.Groups[1].Value), last = uint.Parse(m.Groups[2].Value);
            long fatOffset;
            using (var r = new ImageFileReader(image))
                fatOffset = FatFileSystem.Open(r).Boot.FatOffset;
            var entry = new byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(entry, (ushort)first);
            ImageCache.Patch(image, fatOffset + last * 2, entry);
            using var reader = new ImageFileReader(image);
            var fs = FatFileSystem.Open(reader);
            var e = Assert.Throws<InvalidDiskFormatException>(() => fs.ListDirectory("/many"));
            Assert.Contains("cluster chain is longer than", e.Message);
            Assert.Equal(SourceTree.GrubCfg, fs.ReadAllText("/boot/grub/grub.cfg")); // the rest still reads
        }
        finally { File.Delete(image); }
    }

    [Fact]
    public void SymlinkLoopEndsWithELOOP()
    {
        using var reader = new ImageFileReader(Images.ExtImage(Images.Ext("ext4-4k")));
        var fs = ExtFileSystem.Open(reader);
        var e = Assert.Throws<FileTreeException>(() => fs.OpenRead("/links/loop2/x"));
        Assert.Equal("too many levels of symbolic links", e.Problem);
    }

    [Fact]
    public void SuperblockChecksumMismatchRefusesTheFileSystem()
    {
        var image = ImageCache.ScratchCopy(Images.ExtImage(Images.Ext("ext4-4k")), "sb-csum");
        try
        {
            ImageCache.Patch(image, 1024 + 0x78, "tampered"u8);
            using var reader = new ImageFileReader(image);
            var e = Assert.Throws<InvalidDiskFormatException>(() => ExtFileSystem.Open(reader));
            Assert.Contains("superblock checksum mismatch", e.Message);
            Assert.Equal(1024 + 0x3FC, e.Offset);
        }
        finally { File.Delete(image); }
    }

    [Theory]
    [InlineData(0x28, 0xFFFFFFFFu, "inodes per group")]
    [InlineData(0x18, 40u, "block size")]
    [InlineData(0x60, 0x80000002u, "unknown incompatible feature 0x80000000")]
    [InlineData(0x60, 0x00000003u, "compression")]
    public void AbsurdSuperblockFieldsAreRefused(int field, uint value, string expected)
    {
        var image = ImageCache.ScratchCopy(Images.ExtImage(Images.Ext("ext4-1k-nocsum-no64bit")), "sb-field");
        try
        {
            var v = new byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(v, value);
            ImageCache.Patch(image, 1024 + field, v);
            using var reader = new ImageFileReader(image);
            var e = Assert.Throws<InvalidDiskFormatException>(() => ExtFileSystem.Open(reader));
            Assert.Contains(expected, e.Message);
        }
        finally { File.Delete(image); }
    }

    [Fact]
    public void AbsurdDirectorySizeIsRefused()
    {
        var g = Images.Ext("ext4-1k-nocsum-no64bit");
        var image = ImageCache.ScratchCopy(Images.ExtImage(g), "dir-size");
        try
        {
            long inode = Tool.InodeOffset(image, "/many", g.BlockSize);
            ImageCache.Patch(image, inode + 0x6C, [0, 1, 0, 0]); // i_size_high: 2^40 bytes
            using var reader = new ImageFileReader(image);
            var fs = ExtFileSystem.Open(reader);
            var e = Assert.Throws<FileTreeException>(() => fs.ListDirectory("/many"));
            Assert.Contains("more than the limit", e.Message);
        }
        finally { File.Delete(image); }
    }

    [Theory]
    [InlineData(6, 9, "extent tree depth 9 is invalid")]
    [InlineData(2, 200, "extent node claims 200")]
    [InlineData(0, 0x1234, "bad extent header magic")]
    public void CorruptExtentHeaderIsReported(int field, int value, string expected)
    {
        var g = Images.Ext("ext4-1k-nocsum-no64bit");
        var image = ImageCache.ScratchCopy(Images.ExtImage(g), "extent");
        try
        {
            long inode = Tool.InodeOffset(image, "/multi.bin", g.BlockSize);
            var v = new byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(v, (ushort)value);
            ImageCache.Patch(image, inode + 0x28 + field, v);
            using var reader = new ImageFileReader(image);
            var fs = ExtFileSystem.Open(reader);
            var e = Assert.Throws<InvalidDiskFormatException>(() => fs.OpenRead("/multi.bin"));
            Assert.Contains(expected, e.Message);
            Assert.Equal(inode + 0x28, e.Offset);
        }
        finally { File.Delete(image); }
    }

    [Fact]
    public void ExtendedPartitionChainLoopStops()
    {
        var disk = ImageCache.ScratchCopy(Images.MbrDisk(512), "ebr-loop");
        try
        {
            var parts = Images.SfdiskJson(disk, 512);
            long ext = parts.Single(p => p.Type == "5").Start;
            // The first EBR's "next" slot points at the extended partition's start: itself.
            var slot = ImageCache.ReadAt(disk, ext * Sector + 446 + 16, 16);
            BinaryPrimitives.WriteUInt32LittleEndian(slot.AsSpan(8), 0);
            ImageCache.Patch(disk, ext * Sector + 446 + 16, slot);
            using var reader = new ImageFileReader(disk);
            var table = PartitionTable.Read(reader)!;
            Assert.Contains("loops", Assert.Single(table.Warnings));
            Assert.Equal([1, 2, 5], table.Partitions.Select(p => p.Number));
        }
        finally { File.Delete(disk); }
    }

    [Fact]
    public void RandomSingleByteDamageOnlyEverGivesStorageExceptions()
    {
        // A small deterministic fuzz run over the metadata of real images (the full fuzzer is
        // LinuxBootSharp.Fuzz): probe, open and walk everything after each mutation.
        var images = new[]
        {
            Images.ExtImage(Images.Ext("ext4-1k-nocsum-no64bit")),
            Images.ExtImage(Images.Ext("ext4-4k-inline")),
            Images.FatImage(Images.Fat("fat12")),
        };
        var rng = new Random(1234);
        foreach (var path in images)
        {
            // Only the first 256 KiB (superblocks, descriptors, inode tables, FATs, directories) are mutated.
            var head = ImageCache.ReadAt(path, 0, 256 * 1024);
            using var file = new ImageFileReader(path);
            for (int i = 0; i < 150; i++)
            {
                var mutated = (byte[])head.Clone();
                for (int k = 0; k < 4; k++)
                    mutated[rng.Next(1024, mutated.Length)] = (byte)rng.Next(256);
                using var reader = new OverlayReader(file, mutated);
                try
                {
                    var tree = FileSystemProbe.Open(reader);
                    Walk(tree, "/", 0);
                }
                catch (StorageException)
                {
                }
            }
        }
    }

    internal static void Walk(IFileTree tree, string dir, int depth)
    {
        if (depth > 8)
            return;
        foreach (var e in tree.ListDirectory(dir).Take(50))
        {
            var p = dir == "/" ? "/" + e.Name : dir + "/" + e.Name;
            try
            {
                switch (e.Kind)
                {
                    case FileKind.Directory:
                        Walk(tree, p, depth + 1);
                        break;
                    case FileKind.File:
                        using (var s = tree.OpenRead(p))
                        {
                            var buf = new byte[64 * 1024];
                            for (int n = 0; n < 64 && s.Read(buf) > 0; n++) { }
                        }
                        break;
                    case FileKind.Symlink:
                        tree.ReadLink(p);
                        tree.TryStat(p);
                        break;
                }
            }
            catch (FileTreeException)
            {
            }
        }
    }

    /// <summary>An image with its first bytes replaced by <paramref name="head"/>.</summary>
    private sealed class OverlayReader(IBlockReader inner, byte[] head) : IBlockReader
    {
        public string Name => inner.Name;
        public long Length => inner.Length;
        public int SectorSize => inner.SectorSize;

        public void ReadAt(long offset, Span<byte> buffer)
        {
            inner.ReadAt(offset, buffer);
            if (offset < head.Length)
            {
                int n = (int)Math.Min(buffer.Length, head.Length - offset);
                head.AsSpan((int)offset, n).CopyTo(buffer);
            }
        }

        public void Dispose() { }
    }
}
