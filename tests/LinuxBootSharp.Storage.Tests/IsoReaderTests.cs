using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;
using LinuxBootSharp.Storage.FileSystems.Iso9660;

namespace LinuxBootSharp.Storage.Tests;

public sealed class IsoReaderTests
{
    public static TheoryData<string> Kinds => new("plain", "joliet", "rr", "rrj", "hybrid", "relocated");

    private static string Folder(string kind) => kind switch
    {
        "plain" => IsoTestImages.Plain(),
        "joliet" => IsoTestImages.Joliet(),
        "rr" => IsoTestImages.RockRidge(),
        "rrj" => IsoTestImages.RockRidgeJoliet(),
        "hybrid" => IsoTestImages.Hybrid(),
        "relocated" => IsoTestImages.Relocated(),
        _ => throw new ArgumentException(kind),
    };

    private static Iso9660FileTree Open(string kind, out TestImageReader dev, IsoNameSpace prefer = IsoNameSpace.RockRidge)
    {
        dev = new TestImageReader(IsoTestImages.ImageOf(Folder(kind)));
        Assert.True(Iso9660FileTree.Detect(dev));
        return Iso9660FileTree.Open(dev, null, prefer);
    }

    [Theory]
    [InlineData("plain", IsoNameSpace.Plain)]
    [InlineData("joliet", IsoNameSpace.Joliet)]
    [InlineData("rr", IsoNameSpace.RockRidge)]
    [InlineData("rrj", IsoNameSpace.RockRidge)]
    [InlineData("relocated", IsoNameSpace.RockRidge)]
    public void EveryFileDirectoryAndLinkMatchesTheSourceTree(string kind, IsoNameSpace expectedNames)
    {
        var fs = Open(kind, out var dev);
        using var _ = dev;
        Assert.Equal(expectedNames, fs.NameSpace);
        IsoTestImages.Source(Folder(kind)).AssertMatches(fs);
    }

    [Fact]
    public void JolietViewOfARockRidgeDiscHasTheSameFilesAndLongNames()
    {
        var fs = Open("rrj", out var dev, IsoNameSpace.Joliet);
        using var _ = dev;
        Assert.Equal(IsoNameSpace.Joliet, fs.NameSpace);
        var expected = IsoTestImages.Source(Folder("rrj"));
        foreach (var (path, data) in expected.Files)
            Assert.True(data.AsSpan().SequenceEqual(fs.ReadAllBytes(path, long.MaxValue)), path);
        // Joliet compares names without case, as Windows and Linux's isofs do.
        Assert.True(fs.FileExists("/mixed case/GRÜSSE LONG NAME.TXT") || fs.FileExists("/MIXED CASE/grüße long name.txt"));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void LabelAndUuidAreWhatBlkidReports(string kind)
    {
        var img = IsoTestImages.ImageOf(Folder(kind));
        using var dev = new TestImageReader(img);
        var fs = Iso9660FileTree.Open(dev, new FileSystemIdentity { Type = "unknown", Device = "/dev/sr0", DiskIndex = 1 });
        var blkid = ImageTools.Blkid(img);
        Assert.Equal("iso9660", blkid["TYPE"]);
        Assert.Equal("iso9660", fs.Identity.Type);
        Assert.Equal(IsoTestImages.ExpectedUuid, blkid["UUID"]);
        Assert.Equal(blkid["UUID"], fs.Identity.Uuid);
        Assert.Equal(blkid["LABEL"], fs.Identity.Label);
        Assert.Equal("hd1", fs.Identity.GrubDevice);
        Assert.Equal(IsoTestImages.CreatedDigits, fs.Primary.CreatedDigits);
    }

    [Fact]
    public void RelocatedDirectoriesAppearWhereTheyBelong()
    {
        var fs = Open("relocated", out var dev);
        using var _ = dev;
        Assert.DoesNotContain(fs.ListDirectory("/"), e => e.Name.Equals("rr_moved", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("ten levels down\n", fs.ReadAllText("/a/b/c/d/e/f/g/h/i/j/deep.txt"));
        Assert.Equal(FileKind.Directory, fs.TryStat("/a/b/c/d/e/f/g/h")!.Value.Kind);
        // Without Rock Ridge the relocation directory is an ordinary directory again.
        var plain = Iso9660FileTree.Open(dev, null, IsoNameSpace.Plain);
        Assert.Contains(plain.ListDirectory("/"), e => e.Name == "rr_moved");
    }

    [Fact]
    public void UnsetModificationDateFallsBackToTheCreationDateAsBlkidDoes()
    {
        var folder = Folder("rr");
        var data = File.ReadAllBytes(IsoTestImages.ImageOf(folder));
        const int modified = 16 * 2048 + 830; // ECMA-119 8.4.27
        "0000000000000000"u8.CopyTo(data.AsSpan(modified));
        data[modified + 16] = 0;
        var patched = Path.Combine(folder, $"no-mtime-{Environment.ProcessId}.iso");
        File.WriteAllBytes(patched, data);
        try
        {
            Assert.Equal("2020-01-01-00-00-00-00", ImageTools.Blkid(patched)["UUID"]);
            var fs = Iso9660FileTree.Open(new TestMemoryReader("cd.iso", data));
            Assert.Null(fs.Primary.ModifiedDigits);
            Assert.Equal("2020-01-01-00-00-00-00", fs.Identity.Uuid);
        }
        finally
        {
            File.Delete(patched);
        }
    }

    [Fact]
    public void PlainNamesAreLowerCaseAndLookupsIgnoreCase()
    {
        var fs = Open("plain", out var dev);
        using var _ = dev;
        Assert.Contains(new DirectoryEntry("readme.txt", FileKind.File), fs.ListDirectory("/"));
        Assert.Contains(new DirectoryEntry("empty", FileKind.File), fs.ListDirectory("/"));
        Assert.Equal(fs.ReadAllBytes("/boot/vmlinuz", long.MaxValue), fs.ReadAllBytes("/BOOT/VMLINUZ", long.MaxValue));
        Assert.Equal("DEFAULT linux\nLABEL linux\n  KERNEL /boot/vmlinuz\n", fs.ReadAllText("/ISOLINUX/isolinux.CFG"));
        Assert.Null(fs.BootCatalog);
        Assert.False(fs.SystemArea.IsHybrid);
    }

    [Fact]
    public void RockRidgeSymlinksResolveAndLoopsEnd()
    {
        var fs = Open("rr", out var dev);
        using var _ = dev;
        var src = IsoTestImages.Source(Folder("rr"));
        Assert.Equal(src.Files["/boot/vmlinuz-6.1.0-18-amd64"], fs.ReadAllBytes("/vmlinuz", long.MaxValue));
        Assert.Equal(src.Files["/boot/grub/grub.cfg"], fs.ReadAllBytes("/abs-link"));
        Assert.Equal(src.Files["/README.md"], fs.ReadAllBytes("/dir-link/up-link"));
        Assert.True(fs.ReadLink("/long-link").Length > 255, "target longer than one SL entry");
        Assert.Null(fs.TryStat("/dangling"));
        Assert.Equal(FileKind.Symlink, fs.TryLStat("/dangling")!.Value.Kind);
        var e = Assert.Throws<FileTreeException>(() => fs.OpenRead("/loop1"));
        Assert.Contains("too many levels of symbolic links", e.Message);
        // Rock Ridge keeps POSIX permissions and exact-case names.
        Assert.Equal(0x8000u, fs.TryStat("/README.md")!.Value.Mode & 0xF000);
        Assert.Null(fs.TryStat("/readme.md"));
        Assert.Equal("ten levels down\n", fs.ReadAllText("/a/b/c/d/e/f/g/h/i/j/deep.txt"));
    }

    [Fact]
    public void ElToritoCatalogAndHybridPartitionTablesAreRecognised()
    {
        var img = IsoTestImages.ImageOf(Folder("hybrid"));
        using var dev = new TestImageReader(img);
        var fs = Iso9660FileTree.Open(dev);
        Assert.True(fs.SystemArea.HasGpt);
        Assert.True(fs.SystemArea.HasMbr);
        Assert.True(fs.SystemArea.IsHybrid);
        Assert.Equal("gpt", ImageTools.Blkid(img)["PTTYPE"]);
        var cat = fs.BootCatalog;
        Assert.NotNull(cat);

        // The reference: xorriso's own report of the catalog.
        var report = ImageTools.Run("xorriso", ["-indev", img, "-report_el_torito", "plain"]);
        var rows = Regex.Matches(report, @"El Torito boot img :\s+(\d+)\s+(\w+)\s+(\w)\s+(\w+)\s+0x([0-9a-f]+)\s+0x[0-9a-f]+\s+(\d+)\s+(\d+)");
        Assert.Equal(2, rows.Count);
        Assert.Equal(rows.Count, cat.Entries.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            var r = rows[i].Groups;
            var e = cat.Entries[i];
            Assert.Equal(r[2].Value == "UEFI" ? ElToritoPlatform.Efi : ElToritoPlatform.X86, e.Platform);
            Assert.Equal(r[3].Value == "y", e.Bootable);
            Assert.Equal(ElToritoMedia.NoEmulation, e.Media);
            Assert.Equal(Convert.ToUInt16(r[5].Value, 16), e.LoadSegment);
            Assert.Equal(ushort.Parse(r[6].Value), e.SectorCount);
            Assert.Equal(uint.Parse(r[7].Value), e.LoadRba);
        }
        // The catalog's load addresses are the files' extents: the EFI image read through the tree is the one El Torito boots.
        var efi = cat.Entries.Single(e => e.Platform == ElToritoPlatform.Efi);
        var fromCatalog = new byte[efi.SectorCount * 512];
        dev.ReadAt((long)efi.LoadRba * 2048, fromCatalog);
        Assert.Equal(fs.ReadAllBytes("/boot/efi.img"), fromCatalog);
        Assert.Equal(IsoTestImages.Source(Folder("hybrid")).Files["/README.md"], fs.ReadAllBytes("/README.md"));
    }

    [Fact]
    public void AnIsoFileInsideAnotherTreeOpensAsItsOwnDisk()
    {
        var folder = Folder("rrj");
        var host = new DirectoryFileTree(folder, new FileSystemIdentity { Type = "dir", Device = "host" });
        using var image = IsoImage.Open(host, "/image.iso");
        Assert.Equal("host:/image.iso", image.Disk.Name);
        Assert.Equal(new FileInfo(IsoTestImages.ImageOf(folder)).Length, image.Disk.Length);
        Assert.Equal(IsoTestImages.ExpectedUuid, image.FileSystem.Identity.Uuid);
        IsoTestImages.Source(folder).AssertMatches(image.FileSystem);
        Assert.Throws<InvalidDiskFormatException>(() => IsoImage.Open(host, "/src/README.md"));
    }

    [Fact]
    public void MultiExtentFileReadsAsOneFile()
    {
        var folder = Folder("plain");
        var data = File.ReadAllBytes(IsoTestImages.ImageOf(folder));
        var expected = IsoTestImages.Source(folder).Files["/boot/vmlinuz"];
        IsoPatcher.SplitIntoExtents(data, "BOOT", "VMLINUZ.;1", [300 * 2048, 300 * 2048]);
        var patched = Path.Combine(folder, "multi-extent.iso");
        if (!File.Exists(patched))
        {
            File.WriteAllBytes(patched + ".tmp" + Environment.ProcessId, data);
            File.Move(patched + ".tmp" + Environment.ProcessId, patched, overwrite: true);
        }

        using var dev = new TestMemoryReader("multi-extent.iso", data);
        var fs = Iso9660FileTree.Open(dev);
        Assert.Equal(expected.Length, fs.TryStat("/boot/vmlinuz")!.Value.Size);
        Assert.Equal(expected, fs.ReadAllBytes("/boot/vmlinuz", long.MaxValue));
        Assert.Single(fs.ListDirectory("/boot"), e => e.Name == "vmlinuz");

        // xorriso, reading the same patched image, extracts the same bytes.
        var outFile = Path.Combine(folder, "extracted-" + Environment.ProcessId);
        ImageTools.Run("xorriso", ["-osirrox", "on", "-indev", patched, "-extract", "/BOOT/VMLINUZ", outFile]);
        try
        {
            Assert.Equal(expected, File.ReadAllBytes(outFile));
        }
        finally
        {
            File.Delete(outFile);
        }
    }
}

/// <summary>Edits directory records of a plain ISO image in memory, for shapes xorriso does not write at small sizes.</summary>
internal static class IsoPatcher
{
    /// <summary>Finds a record by identifier in the directory extent at <paramref name="dirOffset"/>; returns its byte offset.</summary>
    private static int FindRecord(byte[] iso, int dirOffset, string id)
    {
        int len = BinaryPrimitives.ReadInt32LittleEndian(iso.AsSpan(dirOffset + 10));
        for (int p = dirOffset; p < dirOffset + len;)
        {
            int rl = iso[p];
            if (rl == 0)
            {
                p = (p / 2048 + 1) * 2048;
                continue;
            }
            if (Encoding.ASCII.GetString(iso, p + 33, iso[p + 32]) == id)
                return p;
            p += rl;
        }
        throw new InvalidOperationException("record not found: " + id);
    }

    private static int Extent(byte[] iso, int rec) => BinaryPrimitives.ReadInt32LittleEndian(iso.AsSpan(rec + 2)) * 2048;

    private static void SetBothEndian(byte[] iso, int at, uint v)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(iso.AsSpan(at), v);
        BinaryPrimitives.WriteUInt32BigEndian(iso.AsSpan(at + 4), v);
    }

    /// <summary>
    /// Replaces the record of a contiguous file by several records of the same name, all but the
    /// last flagged multi-extent (ECMA-119 9.1.6 bit 7), splitting its data at the given lengths.
    /// </summary>
    public static void SplitIntoExtents(byte[] iso, string dirName, string fileName, int[] leading)
    {
        int rootRec = 32768 + 156;
        int root = Extent(iso, rootRec);
        int dirRec = FindRecord(iso, root, dirName);
        int dir = Extent(iso, dirRec);
        int rec = FindRecord(iso, dir, fileName);
        int recLen = iso[rec];
        var original = iso.AsSpan(rec, recLen).ToArray();
        uint lba = BinaryPrimitives.ReadUInt32LittleEndian(original.AsSpan(2));
        uint total = BinaryPrimitives.ReadUInt32LittleEndian(original.AsSpan(10));

        var records = new List<byte[]>();
        uint used = 0;
        foreach (var l in leading.Append(-1))
        {
            var r = (byte[])original.Clone();
            uint len = l < 0 ? total - used : (uint)l;
            SetBothEndian(r, 2, lba + used / 2048);
            SetBothEndian(r, 10, len);
            if (l >= 0)
                r[25] |= 0x80;
            records.Add(r);
            used += len;
        }
        int sectorStart = rec / 2048 * 2048;
        int sectorEnd = sectorStart + 2048;
        int tailStart = rec + recLen;
        int tailEnd = tailStart;
        while (tailEnd < sectorEnd && iso[tailEnd] != 0)
            tailEnd += iso[tailEnd];
        var tail = iso.AsSpan(tailStart, tailEnd - tailStart).ToArray();
        var joined = records.SelectMany(r => r).Concat(tail).ToArray();
        if (rec + joined.Length > sectorEnd)
            throw new InvalidOperationException("no room in the directory sector for the extra records");
        joined.CopyTo(iso, rec);
    }
}
