using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace LinuxBootSharp.Storage.FileSystems.Iso9660;

/// <summary>Which name space the tree shows (Rock Ridge is preferred, as Linux and GRUB do).</summary>
public enum IsoNameSpace
{
    /// <summary>ECMA-119 names (8.3 or level 2), shown in lower case as Linux's isofs map=normal does.</summary>
    Plain,

    /// <summary>Joliet UCS-2 names from the supplementary volume descriptor.</summary>
    Joliet,

    /// <summary>Rock Ridge names, symlinks and permissions in the primary tree.</summary>
    RockRidge,
}

/// <summary>
/// Read-only ISO9660 (ECMA-119) with Joliet, Rock Ridge (SUSP/RRIP), multi-extent files and the
/// El Torito boot catalog, as an <see cref="IFileTree"/>. Every size read from the disc is
/// bounded; corrupt structures raise <see cref="InvalidDiskFormatException"/> naming the device
/// and byte offset.
/// </summary>
public sealed class Iso9660FileTree : NodeFileTree<IsoNode>
{
    public const string Format = "iso9660";

    /// <summary>Volume descriptors read before giving up on finding the terminator.</summary>
    public const int MaxDescriptors = 64;

    /// <summary>Largest directory extent read (a 10,000-entry Rock Ridge directory is about 2 MiB).</summary>
    public const long MaxDirectoryBytes = 64L << 20;

    /// <summary>Most extents one multi-extent file may have (a 4 GiB extent each: far beyond any DVD).</summary>
    public const int MaxExtentsPerFile = 4096;

    private const uint ModeDirectory = 0x4000 | 0x16D; // dr-xr-xr-x, Linux isofs's default without Rock Ridge
    private const uint ModeFile = 0x8000 | 0x124;      // r--r--r--
    private const uint ModeTypeMask = 0xF000;
    private const uint ModeSymlink = 0xA000;
    private const int DirCacheLimit = 64;
    private const string ElToritoSystemId = "EL TORITO SPECIFICATION";
    private const int OffBootSystemId = 7;
    private const int OffBootCatalogPointer = 71;

    private readonly IBlockReader _device;
    private readonly Dictionary<long, IsoDirIndex> _dirCache = [];
    private readonly int _suspSkip;
    private IsoNode _root = null!;

    private Iso9660FileTree(IBlockReader device, IsoVolumeDescriptor primary, IsoVolumeDescriptor? joliet, IsoNameSpace names, int suspSkip, FileSystemIdentity identity)
    {
        _device = device;
        Primary = primary;
        Joliet = joliet;
        NameSpace = names;
        _suspSkip = suspSkip;
        Identity = identity;
        BlockSize = primary.BlockSize;
    }

    public override FileSystemIdentity Identity { get; }

    public IsoVolumeDescriptor Primary { get; }

    /// <summary>The Joliet supplementary descriptor, when the disc has one.</summary>
    public IsoVolumeDescriptor? Joliet { get; }

    public IsoNameSpace NameSpace { get; }

    /// <summary>The El Torito boot catalog, when a boot record descriptor points at one.</summary>
    public ElToritoCatalog? BootCatalog { get; private init; }

    /// <summary>MBR/GPT found in the system area: an isohybrid image that also boots as a disk.</summary>
    public IsoSystemArea SystemArea { get; private init; }

    public int BlockSize { get; }

    internal string DeviceName => _device.Name;

    /// <summary>Cheap probe: "CD001" in the first volume descriptor at 32 KiB.</summary>
    public static bool Detect(IBlockReader device)
    {
        if (device.Length < IsoVolumeDescriptor.FirstDescriptorOffset + IsoVolumeDescriptor.SectorSize)
            return false;
        Span<byte> head = stackalloc byte[8];
        device.ReadAt(IsoVolumeDescriptor.FirstDescriptorOffset, head);
        return IsoVolumeDescriptor.HasStandardId(head);
    }

    /// <summary>
    /// Opens the disc. <paramref name="location"/> carries what the caller knows about where it
    /// lives; type, UUID (from the volume dates) and label come from the volume descriptors.
    /// <paramref name="prefer"/> limits the name spaces used (e.g. Joliet to ignore Rock Ridge).
    /// </summary>
    public static Iso9660FileTree Open(IBlockReader device, FileSystemIdentity? location = null) => Open(device, location, IsoNameSpace.RockRidge);

    public static Iso9660FileTree Open(IBlockReader device, FileSystemIdentity? location, IsoNameSpace prefer)
    {
        long min = IsoVolumeDescriptor.FirstDescriptorOffset + IsoVolumeDescriptor.SectorSize;
        if (device.Length < min)
            InvalidDiskFormatException.Throw(Format, device.Name, 0, $"device of {device.Length} bytes is too small for volume descriptors (needs {min})");

        IsoVolumeDescriptor? primary = null, joliet = null;
        uint? catalogBlock = null;
        long catalogPointerOffset = 0;
        var sector = new byte[IsoVolumeDescriptor.SectorSize];
        for (int i = 0; i < MaxDescriptors; i++)
        {
            long off = IsoVolumeDescriptor.FirstDescriptorOffset + (long)i * IsoVolumeDescriptor.SectorSize;
            if (off + sector.Length > device.Length)
                break;
            device.ReadAt(off, sector);
            if (!IsoVolumeDescriptor.HasStandardId(sector))
                InvalidDiskFormatException.Throw(Format, device.Name, off, $"volume descriptor {i} lacks the CD001 identifier");
            byte type = sector[0];
            if (type == IsoVolumeDescriptor.TypeTerminator)
                break;
            if (type == IsoVolumeDescriptor.TypePrimary && primary is null)
                primary = IsoVolumeDescriptor.Parse(sector, off, device.Name);
            else if (type == IsoVolumeDescriptor.TypeSupplementary && joliet is null)
            {
                var svd = IsoVolumeDescriptor.Parse(sector, off, device.Name);
                if (svd.JolietLevel > 0)
                    joliet = svd;
            }
            else if (type == IsoVolumeDescriptor.TypeBootRecord && catalogBlock is null
                && Encoding.ASCII.GetString(sector, OffBootSystemId, 32).TrimEnd('\0', ' ') == ElToritoSystemId)
            {
                catalogBlock = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(sector.AsSpan(OffBootCatalogPointer));
                catalogPointerOffset = off + OffBootCatalogPointer;
            }
        }
        if (primary is null)
            InvalidDiskFormatException.Throw(Format, device.Name, IsoVolumeDescriptor.FirstDescriptorOffset, "no primary volume descriptor");

        var head = new byte[1024];
        device.ReadAt(0, head);
        var systemArea = IsoSystemArea.Parse(head);

        // Rock Ridge is announced by an SP entry at the start of the root's "." record (SUSP 5.3).
        var probe = new Iso9660FileTree(device, primary, joliet, IsoNameSpace.Plain, 0, new FileSystemIdentity { Type = Format, Device = device.Name });
        var rootRecord = IsoDirectoryRecord.TryParse(primary.RootRecord)
            ?? throw new InvalidDiskFormatException(Format, device.Name, IsoVolumeDescriptor.FirstDescriptorOffset + 156, "root directory record is invalid");
        long rootOffset = (long)rootRecord.Extent * primary.BlockSize;
        var firstBlock = probe.ReadBytes(rootOffset, primary.BlockSize);
        int? skip = null;
        if (IsoDirectoryRecord.TryParse(firstBlock) is { IsSelf: true } dot)
            skip = RockRidge.Parse(probe, firstBlock.AsSpan(dot.SystemUseOffset, dot.SystemUseLength), 0, rootOffset + dot.SystemUseOffset).SuspSkip;

        var names = prefer == IsoNameSpace.RockRidge && skip is not null ? IsoNameSpace.RockRidge
            : prefer != IsoNameSpace.Plain && joliet is not null ? IsoNameSpace.Joliet
            : IsoNameSpace.Plain;
        var tree = names == IsoNameSpace.Joliet ? joliet! : primary;
        var identity = (location ?? new FileSystemIdentity { Type = Format, Device = device.Name }) with
        {
            Type = Format,
            Uuid = primary.Uuid,
            Label = LabelOf(primary, joliet),
        };

        ElToritoCatalog? catalog = null;
        if (catalogBlock is uint cb)
        {
            long off = (long)cb * primary.BlockSize;
            if (off + IsoVolumeDescriptor.SectorSize > device.Length)
                InvalidDiskFormatException.Throw(Format, device.Name, catalogPointerOffset, $"El Torito catalog block {cb} lies beyond the end of the device");
            var cat = new byte[IsoVolumeDescriptor.SectorSize];
            device.ReadAt(off, cat);
            catalog = ElToritoCatalog.Parse(cat, cb, off, device.Name);
        }

        var fs = new Iso9660FileTree(device, primary, joliet, names, skip ?? 0, identity)
        {
            BootCatalog = catalog,
            SystemArea = systemArea,
        };
        var treeRoot = IsoDirectoryRecord.TryParse(tree.RootRecord)
            ?? throw new InvalidDiskFormatException(Format, device.Name, IsoVolumeDescriptor.FirstDescriptorOffset, "root directory record of the chosen tree is invalid");
        if (!treeRoot.IsDirectory)
            fs.Fail(IsoVolumeDescriptor.FirstDescriptorOffset + 156, "root directory record is not a directory");
        fs._root = new IsoNode
        {
            Name = "/",
            Kind = FileKind.Directory,
            Size = treeRoot.DataLength,
            Extents = [((long)treeRoot.Extent * fs.BlockSize, treeRoot.DataLength)],
            Mode = ModeDirectory,
            Modified = treeRoot.Recorded,
        };
        return fs;
    }

    /// <summary>
    /// blkid reports the primary volume identifier, but takes the Joliet one when it is the same
    /// name in full (the primary is limited to upper-case d-characters).
    /// </summary>
    private static string? LabelOf(IsoVolumeDescriptor primary, IsoVolumeDescriptor? joliet)
    {
        var label = primary.VolumeId;
        if (joliet is not null && joliet.VolumeId.Length > 0 && joliet.VolumeId.StartsWith(label, StringComparison.OrdinalIgnoreCase))
            label = joliet.VolumeId;
        return label.Length == 0 ? null : label;
    }

    [DoesNotReturn]
    internal void Fail(long offset, string problem) => InvalidDiskFormatException.Throw(Format, _device.Name, offset, problem);

    internal byte[] ReadBytes(long offset, int length)
    {
        if (offset < 0 || length < 0 || offset > _device.Length - length)
            Fail(offset, $"read of {length} bytes lies beyond the end of the device ({_device.Length} bytes): truncated image?");
        var buf = new byte[length];
        _device.ReadAt(offset, buf);
        return buf;
    }

    // ---- directories -------------------------------------------------------------------------

    private IsoDirIndex ReadDirectory(IsoNode dir)
    {
        var (offset, length) = dir.Extents[0];
        if (_dirCache.TryGetValue(offset, out var cached))
            return cached;
        if (length > MaxDirectoryBytes)
            Fail(offset, $"directory '{dir.Name}' claims {length} bytes, more than the limit of {MaxDirectoryBytes}");
        var data = ReadBytes(offset, (int)length);
        var entries = ParseDirectory(data, offset);
        var index = new IsoDirIndex(entries, caseSensitive: NameSpace == IsoNameSpace.RockRidge);
        if (_dirCache.Count >= DirCacheLimit)
            _dirCache.Clear();
        _dirCache[offset] = index;
        return index;
    }

    private List<IsoNode> ParseDirectory(byte[] data, long diskOffset)
    {
        var list = new List<IsoNode>();
        int bs = BlockSize;
        int pos = 0;
        string? pendingName = null;
        List<(long, long)>? pendingExtents = null;
        IsoDirectoryRecord pendingRecord = default;
        RockRidgeInfo? pendingRr = null;
        while (pos < data.Length)
        {
            int len = data[pos];
            int blockEnd = Math.Min((pos / bs + 1) * bs, data.Length);
            if (len == 0)
            {
                // Records never cross a logical block; zero bytes pad to the next one (ECMA-119 6.8.1.1).
                pos = blockEnd;
                continue;
            }
            var parsed = IsoDirectoryRecord.TryParse(data.AsSpan(pos, blockEnd - pos));
            if (parsed is not { } rec)
            {
                Fail(diskOffset + pos, $"directory record of length {len} is invalid or crosses a block boundary");
                return list;
            }
            int at = pos;
            pos += rec.Length;
            if (rec.IsSelf || rec.IsParent || (rec.Flags & IsoDirectoryRecord.FlagAssociated) != 0)
                continue;
            RockRidgeInfo? rr = NameSpace == IsoNameSpace.RockRidge && rec.SystemUseLength > 0
                ? RockRidge.Parse(this, data.AsSpan(at + rec.SystemUseOffset, rec.SystemUseLength), _suspSkip, diskOffset + at + rec.SystemUseOffset)
                : null;
            string name = rr?.Name ?? DecodeName(rec.Identifier);
            long extentOffset = (long)rec.Extent * bs;

            if (pendingExtents is not null)
            {
                // A multi-extent file continues with records of the same name (ECMA-119 6.5.1, 9.1.6 bit 7).
                if (!string.Equals(pendingName, name, StringComparison.Ordinal) && rr?.Name is null)
                    Fail(diskOffset + at, $"multi-extent file '{pendingName}' continues with a record named '{name}'");
                if (pendingExtents.Count >= MaxExtentsPerFile)
                    Fail(diskOffset + at, $"file '{pendingName}' has more than {MaxExtentsPerFile} extents");
                pendingExtents.Add((extentOffset, rec.DataLength));
                if (!rec.IsMultiExtent)
                {
                    list.Add(MakeNode(pendingName!, pendingRecord, pendingRr, pendingExtents));
                    pendingExtents = null;
                }
                continue;
            }
            if (rr?.Relocated == true)
                continue; // the real directory is reached through its CL entry
            if (rec.IsMultiExtent)
            {
                pendingName = name;
                pendingRecord = rec;
                pendingRr = rr;
                pendingExtents = [(extentOffset, rec.DataLength)];
                continue;
            }
            if (rr?.ChildLink is uint cl)
            {
                list.Add(RelocatedDirectory(name, cl, rr, diskOffset + at));
                continue;
            }
            list.Add(MakeNode(name, rec, rr, [(extentOffset, rec.DataLength)]));
        }
        if (pendingExtents is not null)
            Fail(diskOffset + data.Length, $"multi-extent file '{pendingName}' has no final record");
        return list;
    }

    /// <summary>RRIP 4.1.5.1: a CL entry points at the relocated directory's first block, whose "." record gives its length.</summary>
    private IsoNode RelocatedDirectory(string name, uint block, RockRidgeInfo rr, long recordOffset)
    {
        long off = (long)block * BlockSize;
        var first = ReadBytes(off, BlockSize);
        if (IsoDirectoryRecord.TryParse(first) is not { IsSelf: true } dot)
        {
            Fail(recordOffset, $"Rock Ridge CL entry of '{name}' points at block {block}, which is not a directory");
            return null!;
        }
        return new IsoNode
        {
            Name = name,
            Kind = FileKind.Directory,
            Size = dot.DataLength,
            Extents = [(off, dot.DataLength)],
            Mode = rr.Mode ?? ModeDirectory,
            Modified = rr.Modified ?? dot.Recorded,
        };
    }

    private static IsoNode MakeNode(string name, IsoDirectoryRecord rec, RockRidgeInfo? rr, List<(long, long)> extents)
    {
        bool symlink = rr?.SymlinkTarget is not null || (rr?.Mode is uint m && (m & ModeTypeMask) == ModeSymlink);
        var kind = symlink ? FileKind.Symlink : rec.IsDirectory ? FileKind.Directory : FileKind.File;
        long size = 0;
        foreach (var e in extents)
            size += e.Item2;
        return new IsoNode
        {
            Name = name,
            Kind = kind,
            Size = kind == FileKind.Symlink ? (rr?.SymlinkTarget?.Length ?? 0) : size,
            Extents = extents,
            Mode = rr?.Mode ?? (rec.IsDirectory ? ModeDirectory : ModeFile),
            Modified = rr?.Modified ?? rec.Recorded,
            LinkTarget = rr?.SymlinkTarget,
        };
    }

    /// <summary>
    /// Joliet: UCS-2 big-endian. Plain: "NAME.EXT;1" without the version and a bare trailing
    /// dot, lower-cased as Linux's isofs (fs/isofs/dir.c, map=normal) and isolinux show it;
    /// lookups ignore case, so "/BOOT/VMLINUZ" and "/boot/vmlinuz" both resolve.
    /// </summary>
    private string DecodeName(byte[] id)
    {
        string s = NameSpace == IsoNameSpace.Joliet
            ? Encoding.BigEndianUnicode.GetString(id, 0, id.Length & ~1)
            : Encoding.Latin1.GetString(id);
        int semi = s.LastIndexOf(';');
        if (semi > 0)
            s = s[..semi];
        if (NameSpace != IsoNameSpace.Joliet)
        {
            if (s.EndsWith('.') && s.Length > 1)
                s = s[..^1];
            s = s.ToLowerInvariant();
        }
        return s;
    }

    // ---- NodeFileTree primitives -------------------------------------------------------------

    protected override IsoNode Root => _root;

    protected override FileKind KindOf(IsoNode node) => node.Kind;

    protected override IsoNode? Lookup(IsoNode directory, string name, string pathForErrors) => ReadDirectory(directory).Find(name);

    protected override string ReadLinkTarget(IsoNode link, string pathForErrors) => link.LinkTarget ?? "";

    protected override FileStat StatNode(IsoNode n) => new(n.Kind, n.Kind == FileKind.Directory ? 0 : n.Size, n.Mode, n.Modified);

    protected override IReadOnlyList<DirectoryEntry> ListNode(IsoNode directory, string pathForErrors)
    {
        var list = ReadDirectory(directory).Entries.Select(e => new DirectoryEntry(e.Name, e.Kind)).ToList();
        list.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return list;
    }

    protected override Stream OpenNode(IsoNode file, string pathForErrors)
    {
        foreach (var (off, len) in file.Extents)
            if (off > _device.Length - len)
                FileTreeException.Throw(Identity.Device, pathForErrors, $"data at byte {off} (+{len}) lies beyond the end of the device ({_device.Length} bytes): truncated image?");
        return new IsoFileStream(_device, file);
    }
}
