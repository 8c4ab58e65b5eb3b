using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace LinuxBootSharp.Storage;

/// <summary>
/// A read-only FAT12/16/32 file system with VFAT long names. Lookups ignore case, as UEFI
/// firmware and the Linux vfat driver do; listings give the long name when there is a valid one.
/// </summary>
public sealed class FatFileSystem : NodeFileTree<FatNode>
{
    /// <summary>A directory holds at most 65536 entries (FAT spec 6: 2 MiB), which bounds every directory read.</summary>
    public const int MaxDirectoryEntries = 65536;

    private const int BootSignatureOffset = 510;
    private const int FatWindowBytes = 64 * 1024;

    // Directory entry fields (FAT spec 6, table "Directory Entry Structure").
    private const int EntryNameLength = 11;
    private const int EntryAttrOffset = 11;
    private const int EntryNtResOffset = 12;
    private const int EntryClusterHiOffset = 20;
    private const int EntryWriteTimeOffset = 22;
    private const int EntryWriteDateOffset = 24;
    private const int EntryClusterLoOffset = 26;
    private const int EntrySizeOffset = 28;
    private const byte DeletedMarker = 0xE5;
    private const byte LastLongEntry = 0x40;
    private const int LongEntryChecksumOffset = 13;
    private const int CharsPerLongEntry = 13;
    private const int MaxLongEntries = 20; // 255 characters

    private const int DirectoryCacheLimit = 64;

    private readonly IBlockReader _volume;
    private readonly FileSystemIdentity _identity;
    private readonly FatNode _root;
    private readonly byte[] _fatWindow = new byte[FatWindowBytes];
    private long _fatWindowStart = -1;
    private int _fatWindowLength;
    /// <summary>Directory listings by first cluster (0: the fixed FAT12/16 root), so a directory that
    /// contains itself or an ancestor is read once, not once per path that reaches it.</summary>
    private readonly Dictionary<uint, FatDirectoryListing> _dirs = [];

    private sealed class FatDirectoryListing(List<FatNode> entries, string? volumeLabel)
    {
        public List<FatNode> Entries { get; } = entries;
        public string? VolumeLabel { get; } = volumeLabel;
        public Dictionary<string, FatNode> ByName { get; } = Index(entries);

        private static Dictionary<string, FatNode> Index(List<FatNode> entries)
        {
            var d = new Dictionary<string, FatNode>(StringComparer.OrdinalIgnoreCase);
            foreach (var e in entries)
            {
                d.TryAdd(e.Name, e);
                if (e.ShortName is not null)
                    d.TryAdd(e.ShortName, e);
            }
            return d;
        }
    }

    private FatFileSystem(IBlockReader volume, FileSystemIdentity identity)
    {
        _volume = volume;
        var sector = volume.ReadBytes(0, Math.Min(4096, (int)Math.Min(volume.Length, 4096)));
        if (sector.Length < 512)
            InvalidDiskFormatException.Throw("vfat", volume.Name, 0, "volume too small for a FAT boot sector");
        Boot = FatBootSector.TryParse(sector, out var why)
            ?? throw new InvalidDiskFormatException("vfat", volume.Name, 0, why ?? "not a FAT boot sector");
        if (Boot.Type == FatType.Fat32 && (Boot.RootCluster < 2 || Boot.RootCluster >= Boot.ClusterCount + 2))
            Fail(44, $"root directory cluster {Boot.RootCluster} is out of range");
        _root = new FatNode { Name = "/", Attributes = FatNode.AttrDirectory, FirstCluster = Boot.RootCluster, Size = 0, IsRoot = true };
        _identity = identity with
        {
            Type = "vfat",
            Uuid = Boot.VolumeId is uint id ? FatBootSector.FormatSerial(id) : null,
            Label = null,
        };
        // blkid takes the label from the root directory's volume-label entry, else the boot sector.
        _identity = _identity with { Label = ReadDirectory(_root, "/").VolumeLabel ?? Boot.BootLabel };
    }

    /// <summary>Probe-table detection: "vfat" when sector 0 is a valid FAT boot sector.</summary>
    public static string? Detect(IBlockReader volume)
    {
        if (volume.Length < 512)
            return null;
        var sector = volume.ReadBytes(0, 512);
        if (sector[BootSignatureOffset] != 0x55 || sector[BootSignatureOffset + 1] != 0xAA)
            return null;
        return FatBootSector.TryParse(sector, out _) is null ? null : "vfat";
    }

    public static FatFileSystem Open(IBlockReader volume, FileSystemIdentity identity) => new(volume, identity);

    public static FatFileSystem Open(IBlockReader volume) => new(volume, new FileSystemIdentity { Type = "vfat", Device = volume.Name });

    public FatBootSector Boot { get; }

    public override FileSystemIdentity Identity => _identity;

    protected override FatNode Root => _root;

    [DoesNotReturn]
    private void Fail(long offset, string problem) => InvalidDiskFormatException.Throw("vfat", _volume.Name, offset, problem);

    /// <summary>The FAT entry of <paramref name="cluster"/> (first FAT; FAT spec 4).</summary>
    private uint NextCluster(uint cluster)
    {
        long off = Boot.Type switch
        {
            FatType.Fat12 => cluster + cluster / 2,
            FatType.Fat16 => cluster * 2L,
            _ => cluster * 4L,
        };
        int width = Boot.Type == FatType.Fat32 ? 4 : 2;
        if (_fatWindowStart < 0 || off < _fatWindowStart || off + width > _fatWindowStart + _fatWindowLength)
        {
            long fatBytes = Boot.FatSizeSectors * Boot.BytesPerSector;
            _fatWindowStart = off / 512 * 512;
            _fatWindowLength = (int)Math.Min(FatWindowBytes, fatBytes - _fatWindowStart);
            if (_fatWindowLength < off - _fatWindowStart + width)
                Fail(Boot.FatOffset + off, $"FAT entry of cluster {cluster} lies outside the FAT");
            _volume.ReadAt(Boot.FatOffset + _fatWindowStart, _fatWindow.AsSpan(0, _fatWindowLength));
        }
        var e = _fatWindow.AsSpan((int)(off - _fatWindowStart));
        return Boot.Type switch
        {
            FatType.Fat12 => (cluster & 1) != 0 ? (uint)BinaryPrimitives.ReadUInt16LittleEndian(e) >> 4 : BinaryPrimitives.ReadUInt16LittleEndian(e) & 0xFFFu,
            FatType.Fat16 => BinaryPrimitives.ReadUInt16LittleEndian(e),
            _ => BinaryPrimitives.ReadUInt32LittleEndian(e) & 0x0FFFFFFF,
        };
    }

    private bool IsEndOfChain(uint v) => Boot.Type switch
    {
        FatType.Fat12 => v >= 0xFF8,
        FatType.Fat16 => v >= 0xFFF8,
        _ => v >= 0x0FFFFFF8,
    };

    /// <summary>
    /// Follows a chain into runs. Stops after <paramref name="maxClusters"/> (a file needs no more
    /// than its size); a chain that continues beyond a directory's limit is a loop.
    /// </summary>
    private FatRun[] Chain(uint first, long maxClusters, bool mustFill, string what, long entryOffset)
    {
        var runs = new List<FatRun>();
        uint c = first;
        long n = 0;
        long cs = Boot.ClusterSize;
        while (n < maxClusters)
        {
            if (c < 2 || c >= Boot.ClusterCount + 2)
                Fail(entryOffset, $"{what}: cluster {c} in its chain is out of range (2-{Boot.ClusterCount + 1})");
            long disk = Boot.ClusterOffset(c);
            if (runs.Count > 0 && runs[^1].DiskOffset + runs[^1].Length == disk)
                runs[^1] = runs[^1] with { Length = runs[^1].Length + cs };
            else
                runs.Add(new FatRun(n * cs, disk, cs));
            n++;
            if (n == maxClusters)
                break;
            uint next = NextCluster(c);
            if (IsEndOfChain(next))
            {
                if (mustFill)
                    Fail(entryOffset, $"{what}: cluster chain ends after {n} clusters, the size needs {maxClusters}");
                break;
            }
            c = next;
        }
        if (!mustFill && n == maxClusters && !IsEndOfChain(NextCluster(c)))
            Fail(entryOffset, $"{what}: cluster chain is longer than {maxClusters} clusters (a loop?)");
        return [.. runs];
    }

    private (byte[] Data, FatRun[] Runs) ReadDirectoryBytes(FatNode dir, string path)
    {
        if (dir.IsRoot && Boot.Type != FatType.Fat32)
            return (_volume.ReadBytes(Boot.RootDirOffset, (int)Boot.RootDirBytes), [new FatRun(0, Boot.RootDirOffset, Boot.RootDirBytes)]);
        if (dir.FirstCluster == 0)
            FileTreeException.Throw(Identity.Device, path, "directory entry has no cluster");
        long maxClusters = Math.Max(1, (long)MaxDirectoryEntries * FatBootSector.DirEntrySize / Boot.ClusterSize);
        var runs = Chain(dir.FirstCluster, maxClusters, mustFill: false, $"directory {path}", dir.EntryOffset);
        long total = runs.Sum(r => r.Length);
        var data = new byte[total];
        using var s = new FatFileStream(_volume, runs, total);
        s.ReadExactly(data);
        return (data, runs);
    }

    private static long DiskOffsetOf(FatRun[] runs, long pos)
    {
        foreach (var r in runs)
            if (pos >= r.FileOffset && pos < r.FileOffset + r.Length)
                return r.DiskOffset + pos - r.FileOffset;
        return -1;
    }

    private FatDirectoryListing ReadDirectory(FatNode dir, string path)
    {
        string? volumeLabel = null;
        uint key = dir.IsRoot && Boot.Type != FatType.Fat32 ? 0 : dir.FirstCluster;
        if (_dirs.TryGetValue(key, out var cached))
            return cached;
        var (data, dirRuns) = ReadDirectoryBytes(dir, path);
        var entries = new List<FatNode>();
        var lfn = new char[MaxLongEntries * CharsPerLongEntry];
        int lfnExpected = 0, lfnCount = 0;
        byte lfnSum = 0;
        for (int pos = 0; pos + FatBootSector.DirEntrySize <= data.Length; pos += FatBootSector.DirEntrySize)
        {
            var e = data.AsSpan(pos, FatBootSector.DirEntrySize);
            if (e[0] == 0)
                break; // end of directory marker
            if (e[0] == DeletedMarker)
            {
                lfnExpected = 0;
                continue;
            }
            byte attr = e[EntryAttrOffset];
            if ((attr & 0x3F) == FatNode.AttrLongName)
            {
                int ord = e[0];
                int seq = ord & 0x1F;
                if ((ord & LastLongEntry) != 0)
                {
                    lfnCount = seq;
                    lfnExpected = seq;
                    lfnSum = e[LongEntryChecksumOffset];
                    if (seq == 0 || seq > MaxLongEntries)
                        lfnExpected = 0;
                    else
                        Array.Fill(lfn, '\uffff');
                }
                if (lfnExpected == 0 || seq != lfnExpected || e[LongEntryChecksumOffset] != lfnSum)
                {
                    lfnExpected = 0;
                    continue;
                }
                int at = (seq - 1) * CharsPerLongEntry;
                for (int k = 0; k < 5; k++) lfn[at + k] = (char)BinaryPrimitives.ReadUInt16LittleEndian(e[(1 + 2 * k)..]);
                for (int k = 0; k < 6; k++) lfn[at + 5 + k] = (char)BinaryPrimitives.ReadUInt16LittleEndian(e[(14 + 2 * k)..]);
                for (int k = 0; k < 2; k++) lfn[at + 11 + k] = (char)BinaryPrimitives.ReadUInt16LittleEndian(e[(28 + 2 * k)..]);
                lfnExpected--;
                if (lfnExpected == 0)
                    lfnExpected = -1; // complete: waiting for its short entry
                continue;
            }
            bool longValid = lfnExpected == -1 && FatNames.Checksum(e[..EntryNameLength]) == lfnSum;
            lfnExpected = 0;
            if ((attr & FatNode.AttrVolumeId) != 0)
            {
                if (dir.IsRoot && volumeLabel is null)
                    volumeLabel = FatNames.TrimLabel(e[..EntryNameLength]);
                continue;
            }
            var shortName = FatNames.ShortName(e[..EntryNameLength], e[EntryNtResOffset]);
            if (shortName is "." or "..")
                continue;
            string name = shortName;
            if (longValid)
            {
                var span = lfn.AsSpan(0, lfnCount * CharsPerLongEntry);
                int end = span.IndexOfAny('\0', '\uffff');
                name = new string(end >= 0 ? span[..end] : span);
            }
            uint cluster = BinaryPrimitives.ReadUInt16LittleEndian(e[EntryClusterLoOffset..]);
            if (Boot.Type == FatType.Fat32)
                cluster |= (uint)BinaryPrimitives.ReadUInt16LittleEndian(e[EntryClusterHiOffset..]) << 16;
            entries.Add(new FatNode
            {
                Name = name,
                ShortName = shortName,
                Attributes = attr,
                FirstCluster = cluster,
                Size = BinaryPrimitives.ReadUInt32LittleEndian(e[EntrySizeOffset..]),
                Modified = DecodeTime(BinaryPrimitives.ReadUInt16LittleEndian(e[EntryWriteDateOffset..]), BinaryPrimitives.ReadUInt16LittleEndian(e[EntryWriteTimeOffset..])),
                EntryOffset = DiskOffsetOf(dirRuns, pos),
            });
        }
        var listing = new FatDirectoryListing(entries, volumeLabel);
        if (_dirs.Count >= DirectoryCacheLimit)
            _dirs.Clear();
        _dirs[key] = listing;
        return listing;
    }

    /// <summary>FAT date/time (FAT spec 6.1): local time, 2-second resolution; null when invalid.</summary>
    private static DateTimeOffset? DecodeTime(ushort date, ushort time)
    {
        int day = date & 31, month = (date >> 5) & 15, year = 1980 + (date >> 9);
        int sec = (time & 31) * 2, min = (time >> 5) & 63, hour = time >> 11;
        if (day < 1 || month < 1 || month > 12 || day > DateTime.DaysInMonth(year, month) || hour > 23 || min > 59 || sec > 59)
            return null;
        return new DateTimeOffset(year, month, day, hour, min, sec, TimeSpan.Zero);
    }

    protected override FileKind KindOf(FatNode node) => node.IsDirectory ? FileKind.Directory : FileKind.File;

    protected override FatNode? Lookup(FatNode directory, string name, string pathForErrors) =>
        ReadDirectory(directory, pathForErrors).ByName.TryGetValue(name, out var n) ? n : null;

    protected override string ReadLinkTarget(FatNode link, string pathForErrors)
    {
        FileTreeException.Throw(Identity.Device, pathForErrors, "FAT has no symbolic links");
        return "";
    }

    protected override FileStat StatNode(FatNode node) =>
        new(KindOf(node), node.IsDirectory ? 0 : node.Size,
            node.IsDirectory ? 0x41EDu : (node.Attributes & FatNode.AttrReadOnly) != 0 ? 0x816Du : 0x81EDu, node.Modified);

    protected override IReadOnlyList<DirectoryEntry> ListNode(FatNode directory, string pathForErrors)
    {
        var listing = ReadDirectory(directory, pathForErrors);
        var list = new List<DirectoryEntry>(listing.Entries.Count);
        foreach (var e in listing.Entries)
            list.Add(new DirectoryEntry(e.Name, KindOf(e)));
        list.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return list;
    }

    protected override Stream OpenNode(FatNode file, string pathForErrors)
    {
        if (file.Size == 0)
            return new MemoryStream([], writable: false);
        long clusters = (file.Size + Boot.ClusterSize - 1) / Boot.ClusterSize;
        // A chain cannot be longer than the volume has clusters: this bounds a looping chain too.
        if (clusters > Boot.ClusterCount)
            Fail(file.EntryOffset, $"file {pathForErrors}: size {file.Size} needs {clusters} clusters, more than the volume's {Boot.ClusterCount}");
        var runs = Chain(file.FirstCluster, clusters, mustFill: true, $"file {pathForErrors}", file.EntryOffset);
        return new FatFileStream(_volume, runs, file.Size);
    }
}
