using System.Buffers.Binary;
using LinuxBootSharp.Storage.Tests.Fixtures;

namespace LinuxBootSharp.Storage.Tests;

/// <summary>Inputs found by the fuzzer (LinuxBootSharp.Fuzz storage-*) and checksum reporting.</summary>
public class RegressionTests
{
    /// <summary>
    /// storage-fat finding: a subdirectory entry pointing at its own directory made every path
    /// through it re-read the directory (12 GiB allocated by one walk). Listings are now cached by
    /// cluster, so a self-containing directory costs one read.
    /// </summary>
    [Fact]
    public void FatDirectoryThatContainsItselfIsReadOnce()
    {
        var image = ImageCache.ScratchCopy(Images.FatImage(Images.Fat("fat12")), "self-dir");
        try
        {
            var chain = Tool.Run("mshowfat", ["-i", image, "::/dir1"], null);
            uint dir1 = uint.Parse(System.Text.RegularExpressions.Regex.Match(chain, @"<(\d+)").Groups[1].Value);
            // Point /dir1/dir2's entry at /dir1's own cluster: /dir1/dir2/dir2/dir2/... is now endless.
            using (var r = new ImageFileReader(image))
            {
                var fs = FatFileSystem.Open(r);
                long dir1Offset = fs.Boot.ClusterOffset(dir1);
                var cluster = ImageCache.ReadAt(image, dir1Offset, fs.Boot.ClusterSize);
                int at = -1;
                for (int i = 0; i < cluster.Length; i += 32)
                    if (cluster.AsSpan(i, 11).SequenceEqual("DIR2       "u8))
                        at = i;
                Assert.True(at >= 0);
                var lo = new byte[2];
                BinaryPrimitives.WriteUInt16LittleEndian(lo, (ushort)dir1);
                ImageCache.Patch(image, dir1Offset + at + 26, lo);
            }
            using var reader = new ImageFileReader(image);
            var tree = FatFileSystem.Open(reader);
            long before = GC.GetAllocatedBytesForCurrentThread();
            var deep = "/dir1" + string.Concat(Enumerable.Repeat("/dir2", 200));
            Assert.Equal(FileKind.Directory, tree.TryStat(deep)?.Kind);
            Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 8 << 20, "walking 200 levels of a self-containing directory allocated too much");
        }
        finally { File.Delete(image); }
    }

    [Fact]
    public void FatFileLargerThanTheVolumeIsRefused()
    {
        var image = ImageCache.ScratchCopy(Images.FatImage(Images.Fat("fat12")), "huge-file");
        try
        {
            using (var r = new ImageFileReader(image))
            {
                var fs = FatFileSystem.Open(r);
                var root = ImageCache.ReadAt(image, fs.Boot.RootDirOffset, (int)fs.Boot.RootDirBytes);
                int at = -1;
                for (int i = 0; i < root.Length; i += 32)
                    if (root.AsSpan(i, 11).SequenceEqual("MEDIUM  BIN"u8))
                        at = i;
                Assert.True(at >= 0);
                ImageCache.Patch(image, fs.Boot.RootDirOffset + at + 28, [0xFF, 0xFF, 0xFF, 0xF0]);
            }
            using var reader = new ImageFileReader(image);
            var tree = FatFileSystem.Open(reader);
            var e = Assert.Throws<InvalidDiskFormatException>(() => tree.OpenRead("/medium.bin"));
            Assert.Contains("more than the volume's", e.Message);
        }
        finally { File.Delete(image); }
    }

    [Fact]
    public void InodeChecksumMismatchIsReportedNotFatal()
    {
        var g = Images.Ext("ext4-4k");
        var image = ImageCache.ScratchCopy(Images.ExtImage(g), "inode-csum");
        try
        {
            long inode = Tool.InodeOffset(image, "/small.txt", g.BlockSize);
            var lo = ImageCache.ReadAt(image, inode + 0x7C, 2);
            lo[0] ^= 0xFF;
            ImageCache.Patch(image, inode + 0x7C, lo);
            using var reader = new ImageFileReader(image);
            var fs = ExtFileSystem.Open(reader);
            Assert.Empty(fs.Warnings);
            Assert.Equal("fits in the inode\n", fs.ReadAllText("/small.txt"));
            Assert.Contains(fs.Warnings, w => w.Contains("checksum mismatch", StringComparison.Ordinal) && w.Contains($"byte {inode}", StringComparison.Ordinal));
        }
        finally { File.Delete(image); }
    }

    [Fact]
    public void UnwrittenExtentsReadAsZerosWhateverTheBlocksHold()
    {
        var g = Images.Ext("ext4-4k");
        var image = ImageCache.ScratchCopy(Images.ExtImage(g), "unwritten");
        try
        {
            Tool.Run("debugfs", ["-w", "-R", "fallocate /zero 0 19", image], null);
            Tool.Run("debugfs", ["-w", "-R", "sif /zero size 81920", image], null);
            var ex = Tool.Run("debugfs", ["-R", "ex /zero", image], null);
            var m = System.Text.RegularExpressions.Regex.Match(ex, @"0 -\s+19\s+(\d+) -\s+\d+\s+20 Uninit");
            Assert.True(m.Success, ex);
            // Old data in the preallocated blocks must not show through.
            ImageCache.Patch(image, long.Parse(m.Groups[1].Value) * g.BlockSize, Enumerable.Repeat((byte)0xEE, 20 * g.BlockSize).ToArray());
            using var reader = new ImageFileReader(image);
            var fs = ExtFileSystem.Open(reader);
            var data = fs.ReadAllBytes("/zero");
            Assert.Equal(81920, data.Length);
            Assert.All(data, b => Assert.Equal(0, b));
        }
        finally { File.Delete(image); }
    }
}
