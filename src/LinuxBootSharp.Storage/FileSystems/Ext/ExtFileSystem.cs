using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace LinuxBootSharp.Storage;

/// <summary>
/// A read-only ext2/ext3/ext4 file system. Never replays the journal and never writes.
/// Checksums: the superblock's is verified (a mismatch refuses the file system); inode
/// checksum mismatches are collected in <see cref="Warnings"/> and the data is still served,
/// as e2fsck would report them without refusing to read.
/// </summary>
public sealed class ExtFileSystem : NodeFileTree<ExtInode>
{
    public const uint RootInode = 2;

    /// <summary>Directories larger than this are refused (a boot directory is a few KiB).</summary>
    public const long MaxDirectoryBytes = 128L << 20;

    /// <summary>PATH_MAX: the kernel refuses longer symlink targets.</summary>
    public const int MaxSymlinkBytes = 4096;

    /// <summary>Most warnings kept; a badly damaged image must not grow the list without bound.</summary>
    public const int MaxWarnings = 64;

    // Group descriptor fields (Documentation/filesystems/ext4/group_descr.rst).
    private const int DescInodeTableLoOffset = 0x8;
    private const int DescInodeTableHiOffset = 0x28;

    private const uint InlineXattrMagic = 0xEA020000;
    private const int XattrEntryHeaderSize = 16;
    private const byte XattrIndexSystem = 7;
    private const int InlineDirParentSize = 4;

    private const int InodeCacheLimit = 4096;
    private const int DirectoryCacheLimit = 64;

    private readonly IBlockReader _volume;
    private readonly FileSystemIdentity _identity;
    private readonly ExtInode _root;
    private readonly Dictionary<long, long> _inodeTables = [];
    private readonly Dictionary<uint, ExtInode> _inodes = [];
    private readonly Dictionary<uint, ExtDirListing> _dirs = [];
    private readonly List<string> _warnings = [];

    private sealed class ExtDirListing(List<ExtDirEntry> entries, bool caseFold)
    {
        public List<ExtDirEntry> Entries { get; } = entries;
        public Dictionary<string, ExtDirEntry> ByName { get; } = MakeIndex(entries, caseFold);

        private static Dictionary<string, ExtDirEntry> MakeIndex(List<ExtDirEntry> entries, bool caseFold)
        {
            var d = new Dictionary<string, ExtDirEntry>(entries.Count, caseFold ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
            foreach (var e in entries)
                d.TryAdd(e.Name, e);
            return d;
        }
    }

    private ExtFileSystem(IBlockReader volume, FileSystemIdentity identity)
    {
        _volume = volume;
        Super = ExtSuperblock.Read(volume);
        if (ExtFeatures.CheckIncompat(Super.Incompat) is string bad)
            InvalidDiskFormatException.Throw(Super.TypeName, volume.Name, ExtSuperblock.Offset + 0x60, bad);
        _identity = identity with
        {
            Type = Super.TypeName,
            Uuid = Super.UuidText,
            Label = Super.Label.Length == 0 ? null : Super.Label,
        };
        _root = GetInode(RootInode);
        if (_root.Kind != FileKind.Directory)
            Fail(InodeOffset(RootInode), "root inode is not a directory");
    }

    /// <summary>Probe-table detection: the type blkid would report, or null without the ext magic.</summary>
    public static string? Detect(IBlockReader volume)
    {
        if (!ExtSuperblock.HasMagic(volume))
            return null;
        try
        {
            return ExtSuperblock.Read(volume).TypeName;
        }
        catch (InvalidDiskFormatException)
        {
            return "ext4"; // the magic is there; Open will say what is wrong
        }
    }

    /// <summary>Opens the file system on <paramref name="volume"/>; throws <see cref="InvalidDiskFormatException"/>.</summary>
    public static ExtFileSystem Open(IBlockReader volume, FileSystemIdentity identity) => new(volume, identity);

    /// <summary>Opens with an identity naming only the device.</summary>
    public static ExtFileSystem Open(IBlockReader volume) => new(volume, new FileSystemIdentity { Type = "ext4", Device = volume.Name });

    public ExtSuperblock Super { get; }

    public override FileSystemIdentity Identity => _identity;

    /// <summary>Checksum mismatches and other survivable damage seen so far.</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    protected override ExtInode Root => _root;

    protected override FileKind KindOf(ExtInode node) => node.Kind;

    [DoesNotReturn]
    internal void Fail(long offset, string problem) =>
        InvalidDiskFormatException.Throw(Super.TypeName, _volume.Name, offset, problem);

    private void Warn(string w)
    {
        if (_warnings.Count < MaxWarnings)
            _warnings.Add(w);
    }

    internal byte[] ReadBlock(long block, string what)
    {
        if (block < 0 || block >= Super.BlocksCount)
            Fail(ExtSuperblock.Offset, $"{what}: block {block} is outside the file system ({Super.BlocksCount} blocks)");
        var buf = new byte[Super.BlockSize];
        _volume.ReadAt(block * Super.BlockSize, buf);
        return buf;
    }

    /// <summary>
    /// Block holding the descriptor of <paramref name="group"/>'s descriptor block
    /// (fs/ext4/super.c descriptor_loc: with meta_bg, each meta group keeps its own copy).
    /// </summary>
    private long DescriptorBlock(long group)
    {
        long perBlock = Super.BlockSize / Super.DescSize;
        long nr = group / perBlock;
        if (!Super.Has(ExtFeatures.IncompatMetaBg) || nr < Super.FirstMetaBg)
            return Super.FirstDataBlock + 1 + nr;
        long bg = perBlock * nr;
        long hasSuper = Super.GroupHasSuper(bg) ? 1 : 0;
        if (Super.BlockSize == 1024 && nr == 0 && Super.FirstDataBlock == 0)
            hasSuper++;
        return hasSuper + bg * Super.BlocksPerGroup + Super.FirstDataBlock;
    }

    private long InodeTable(long group)
    {
        if (_inodeTables.TryGetValue(group, out var t))
            return t;
        long perBlock = Super.BlockSize / Super.DescSize;
        long block = DescriptorBlock(group);
        if (block >= Super.BlocksCount)
            Fail(ExtSuperblock.Offset, $"group {group}: descriptor block {block} is outside the file system");
        var desc = new byte[Super.DescSize];
        long off = block * Super.BlockSize + group % perBlock * Super.DescSize;
        _volume.ReadAt(off, desc);
        long table = BinaryPrimitives.ReadUInt32LittleEndian(desc.AsSpan(DescInodeTableLoOffset));
        if (Super.DescSize >= 64)
            table |= (long)BinaryPrimitives.ReadUInt32LittleEndian(desc.AsSpan(DescInodeTableHiOffset)) << 32;
        long tableBlocks = ((long)Super.InodesPerGroup * Super.InodeSize + Super.BlockSize - 1) / Super.BlockSize;
        if (table <= Super.FirstDataBlock || table + tableBlocks > Super.BlocksCount)
            Fail(off + DescInodeTableLoOffset, $"group {group}: inode table at block {table} is outside the file system");
        _inodeTables[group] = table;
        return table;
    }

    internal long InodeOffset(uint number)
    {
        if (number < 1 || number > Super.InodesCount)
            Fail(ExtSuperblock.Offset, $"inode number {number} is out of range (1-{Super.InodesCount})");
        long group = (number - 1) / Super.InodesPerGroup;
        long index = (number - 1) % Super.InodesPerGroup;
        return InodeTable(group) * Super.BlockSize + index * Super.InodeSize;
    }

    /// <summary>Reads inode <paramref name="number"/> (cached).</summary>
    public ExtInode GetInode(uint number)
    {
        if (_inodes.TryGetValue(number, out var cached))
            return cached;
        long off = InodeOffset(number);
        var raw = new byte[Super.InodeSize];
        _volume.ReadAt(off, raw);
        var inode = new ExtInode(number, raw);
        if (inode.ExtraIsize > Super.InodeSize - ExtInode.GoodOldSize || inode.ExtraIsize % 4 != 0)
            Fail(off + 0x80, $"inode {number}: i_extra_isize {inode.ExtraIsize} is invalid");
        if (Super.HasMetadataCsum && !inode.VerifyChecksum(Super.ChecksumSeed))
            Warn($"{_volume.Name}: inode {number} checksum mismatch at byte {off}");
        if (_inodes.Count >= InodeCacheLimit)
            _inodes.Clear();
        _inodes[number] = inode;
        return inode;
    }

    private long BlocksOf(long size) => (size + Super.BlockSize - 1) / Super.BlockSize;

    /// <summary>The block map of a file, directory or slow symlink.</summary>
    public ExtBlockMap MapOf(ExtInode inode) => ExtBlockMap.Build(this, inode, BlocksOf(inode.Size));

    /// <summary>
    /// Content of an inline-data inode (fs/ext4/inline.c): the 60 bytes of i_block followed by
    /// the value of the in-inode extended attribute "system.data".
    /// </summary>
    private (byte[] Head, byte[] Tail) ReadInline(ExtInode inode)
    {
        var head = inode.BlockArray.ToArray();
        var tail = FindInodeXattr(inode, XattrIndexSystem, "data") ?? [];
        return (head, tail);
    }

    /// <summary>Finds an attribute stored in the inode body after i_extra_isize (Documentation/filesystems/ext4/attributes.rst).</summary>
    private byte[]? FindInodeXattr(ExtInode inode, byte index, string name)
    {
        var raw = inode.Raw.AsSpan();
        int start = inode.InlineXattrStart;
        if (start + 4 > raw.Length || BinaryPrimitives.ReadUInt32LittleEndian(raw[start..]) != InlineXattrMagic)
            return null;
        int first = start + 4;
        int pos = first;
        var want = Encoding.ASCII.GetBytes(name);
        while (pos + XattrEntryHeaderSize <= raw.Length && BinaryPrimitives.ReadUInt32LittleEndian(raw[pos..]) != 0)
        {
            int nameLen = raw[pos];
            byte nameIndex = raw[pos + 1];
            int valueOffs = BinaryPrimitives.ReadUInt16LittleEndian(raw[(pos + 2)..]);
            uint valueInum = BinaryPrimitives.ReadUInt32LittleEndian(raw[(pos + 4)..]);
            uint valueSize = BinaryPrimitives.ReadUInt32LittleEndian(raw[(pos + 8)..]);
            int entryEnd = pos + XattrEntryHeaderSize + nameLen;
            if (entryEnd > raw.Length)
                Fail(InodeOffset(inode.Number) + pos, $"inode {inode.Number}: extended attribute entry runs past the inode");
            if (nameIndex == index && raw.Slice(pos + XattrEntryHeaderSize, nameLen).SequenceEqual(want))
            {
                if (valueInum != 0 || first + valueOffs > raw.Length || valueSize > raw.Length - first - valueOffs)
                    Fail(InodeOffset(inode.Number) + pos, $"inode {inode.Number}: attribute value ({valueSize} bytes at {valueOffs}) lies outside the inode");
                return raw.Slice(first + valueOffs, (int)valueSize).ToArray();
            }
            pos = (entryEnd + 3) & ~3;
        }
        return null;
    }

    private ExtDirListing ReadDirectory(ExtInode dir, string path)
    {
        if (_dirs.TryGetValue(dir.Number, out var cached))
            return cached;
        if (dir.Size > MaxDirectoryBytes)
            FileTreeException.Throw(Identity.Device, path, $"directory inode {dir.Number} is {dir.Size} bytes, more than the limit of {MaxDirectoryBytes}");
        var entries = new List<ExtDirEntry>();
        long inodeOff = InodeOffset(dir.Number);
        if (dir.HasFlag(ExtInode.InlineDataFlag))
        {
            // The first four bytes of i_block hold the parent's inode number, not an entry.
            var (head, tail) = ReadInline(dir);
            ExtDirectory.Parse(this, dir.Number, head.AsSpan(InlineDirParentSize), inodeOff + ExtInode.BlockArrayOffset + InlineDirParentSize, Super.BlockSize, entries);
            if (tail.Length > 0)
                ExtDirectory.Parse(this, dir.Number, tail, inodeOff, Super.BlockSize, entries);
        }
        else
        {
            var map = MapOf(dir);
            var block = new byte[Super.BlockSize];
            for (int r = 0; r < map.Count; r++)
            {
                var run = map[r];
                if (run.Unwritten)
                    continue;
                for (long b = 0; b < run.Count; b++)
                {
                    long off = (run.Physical + b) * Super.BlockSize;
                    _volume.ReadAt(off, block);
                    ExtDirectory.Parse(this, dir.Number, block, off, Super.BlockSize, entries);
                }
            }
        }
        var listing = new ExtDirListing(entries, dir.HasFlag(ExtInode.CasefoldFlag));
        if (_dirs.Count >= DirectoryCacheLimit)
            _dirs.Clear();
        _dirs[dir.Number] = listing;
        return listing;
    }

    protected override ExtInode? Lookup(ExtInode directory, string name, string pathForErrors) =>
        ReadDirectory(directory, pathForErrors).ByName.TryGetValue(name, out var e) ? GetInode(e.Inode) : null;

    protected override string ReadLinkTarget(ExtInode link, string pathForErrors)
    {
        if (link.Size > MaxSymlinkBytes)
            FileTreeException.Throw(Identity.Device, pathForErrors, $"symlink inode {link.Number} is {link.Size} bytes long, more than {MaxSymlinkBytes}");
        int size = (int)link.Size;
        byte[] bytes;
        if (link.HasFlag(ExtInode.InlineDataFlag))
        {
            var (head, tail) = ReadInline(link);
            bytes = [.. head, .. tail];
        }
        else if (!link.HasFlag(ExtInode.ExtentsFlag) && size < ExtInode.BlockArrayLength)
        {
            // Fast symlink: the target is stored in i_block itself (fs/ext4/inode.c ext4_inode_is_fast_symlink).
            bytes = link.BlockArray.ToArray();
        }
        else
        {
            bytes = new byte[size];
            using var s = new ExtFileStream(_volume, MapOf(link), Super.BlockSize, size);
            s.ReadExactly(bytes);
        }
        if (bytes.Length < size)
            Fail(InodeOffset(link.Number), $"symlink inode {link.Number}: {size}-byte target does not fit its inline data");
        var target = bytes.AsSpan(0, size);
        int nul = target.IndexOf((byte)0);
        if (nul >= 0)
            target = target[..nul];
        return Encoding.UTF8.GetString(target);
    }

    protected override FileStat StatNode(ExtInode node) =>
        new(node.Kind, node.Size, node.Mode, DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(node.MtimeSeconds, -62135596800L, 253402300799L)));

    protected override IReadOnlyList<DirectoryEntry> ListNode(ExtInode directory, string pathForErrors)
    {
        var listing = ReadDirectory(directory, pathForErrors);
        var list = new List<DirectoryEntry>(listing.Entries.Count);
        foreach (var e in listing.Entries)
            list.Add(new DirectoryEntry(e.Name, e.Kind ?? GetInode(e.Inode).Kind));
        list.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return list;
    }

    protected override Stream OpenNode(ExtInode file, string pathForErrors)
    {
        if (file.HasFlag(ExtInode.EncryptFlag))
            FileTreeException.Throw(Identity.Device, pathForErrors, "file is encrypted (fscrypt); its contents cannot be read without the key");
        if (file.HasFlag(ExtInode.InlineDataFlag))
        {
            var (head, tail) = ReadInline(file);
            byte[] all = [.. head, .. tail];
            if (file.Size > all.Length)
                Fail(InodeOffset(file.Number), $"inode {file.Number}: size {file.Size} exceeds its {all.Length} bytes of inline data");
            return new MemoryStream(all, 0, (int)file.Size, writable: false);
        }
        return new ExtFileStream(_volume, MapOf(file), Super.BlockSize, file.Size);
    }

    /// <summary>Stat by inode number (for tests and `lbs ls -i`).</summary>
    public FileStat StatInode(uint number) => StatNode(GetInode(number));
}
