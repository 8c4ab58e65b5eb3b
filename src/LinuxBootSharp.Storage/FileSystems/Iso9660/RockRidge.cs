using System.Buffers.Binary;
using System.Text;

namespace LinuxBootSharp.Storage.FileSystems.Iso9660;

/// <summary>What the Rock Ridge entries of one directory record say (RRIP, IEEE P1282 4.1).</summary>
internal sealed class RockRidgeInfo
{
    public string? Name { get; set; }
    public string? SymlinkTarget { get; set; }
    public uint? Mode { get; set; }
    public DateTimeOffset? Modified { get; set; }

    /// <summary>CL: this entry stands for a directory relocated to this block (RRIP 4.1.5.1).</summary>
    public uint? ChildLink { get; set; }

    /// <summary>RE: this is the relocated directory's placeholder in rr_moved; hide it (RRIP 4.1.5.3).</summary>
    public bool Relocated { get; set; }

    /// <summary>SP found (only meaningful in the root's "." record): the SUSP skip length.</summary>
    public int? SuspSkip { get; set; }

    public bool HasRockRidge { get; set; }
}

/// <summary>
/// Walks System Use Sharing Protocol entries (SUSP, IEEE P1281: 2-byte signature, length,
/// version, data) in a record's system use area and its "CE" continuation areas, decoding the
/// Rock Ridge ones: NM (name), SL (symlink), PX (mode), TF (times), CL/RE (relocated
/// directories). Continuations are followed at most <see cref="MaxContinuations"/> times.
/// </summary>
internal static class RockRidge
{
    public const int MaxContinuations = 16;

    private const int EntryHeader = 4; // signature (2), length, version

    private const byte NmContinue = 0x01;
    private const byte NmCurrent = 0x02;
    private const byte NmParent = 0x04;

    private const byte SlComponentContinue = 0x01;
    private const byte SlCurrent = 0x02;
    private const byte SlParent = 0x04;
    private const byte SlRoot = 0x08;

    private const byte TfLongForm = 0x80;
    private const int TfModifyBit = 1;

    public static RockRidgeInfo Parse(Iso9660FileTree fs, ReadOnlySpan<byte> area, int skip, long diskOffset)
    {
        var info = new RockRidgeInfo();
        var name = new StringBuilder();
        bool nameSeen = false;
        StringBuilder? link = null;
        bool linkComponentContinues = false;
        int hops = 0;
        byte[]? continuation = null;
        var cur = area.Length > skip ? area[skip..] : [];
        long curOffset = diskOffset + skip;
        while (true)
        {
            (uint Block, uint Offset, uint Length)? ce = null;
            int pos = 0;
            while (pos + EntryHeader <= cur.Length)
            {
                byte s1 = cur[pos], s2 = cur[pos + 1];
                int len = cur[pos + 2];
                if (len < EntryHeader || pos + len > cur.Length)
                    break; // padding or a truncated entry: the area ends here (SUSP 5.1)
                var e = cur.Slice(pos, len);
                switch ((char)s1, (char)s2)
                {
                    case ('S', 'P') when len >= 7 && e[4] == 0xBE && e[5] == 0xEF:
                        info.SuspSkip = e[6];
                        break;
                    case ('S', 'T'):
                        pos = cur.Length;
                        continue;
                    case ('C', 'E') when len >= 28:
                        ce = (BinaryPrimitives.ReadUInt32LittleEndian(e[4..]), BinaryPrimitives.ReadUInt32LittleEndian(e[12..]), BinaryPrimitives.ReadUInt32LittleEndian(e[20..]));
                        break;
                    case ('N', 'M') when len >= 5:
                        info.HasRockRidge = true;
                        if ((e[4] & (NmCurrent | NmParent)) == 0)
                        {
                            name.Append(Encoding.UTF8.GetString(e[5..]));
                            nameSeen = true;
                        }
                        break;
                    case ('S', 'L') when len >= 5:
                        info.HasRockRidge = true;
                        link ??= new StringBuilder();
                        DecodeSymlink(e[5..], link, ref linkComponentContinues);
                        break;
                    case ('P', 'X') when len >= 36:
                        info.HasRockRidge = true;
                        info.Mode = BinaryPrimitives.ReadUInt32LittleEndian(e[4..]);
                        break;
                    case ('T', 'F') when len >= 5:
                        info.HasRockRidge = true;
                        info.Modified = DecodeModified(e) ?? info.Modified;
                        break;
                    case ('C', 'L') when len >= 12:
                        info.HasRockRidge = true;
                        info.ChildLink = BinaryPrimitives.ReadUInt32LittleEndian(e[4..]);
                        break;
                    case ('R', 'E'):
                        info.HasRockRidge = true;
                        info.Relocated = true;
                        break;
                    case ('R', 'R'):
                        info.HasRockRidge = true;
                        break;
                }
                pos += len;
            }
            if (ce is not { } c)
                break;
            if (++hops > MaxContinuations)
                InvalidDiskFormatException.Throw(Iso9660FileTree.Format, fs.DeviceName, curOffset, $"more than {MaxContinuations} SUSP continuation areas (CE loop?)");
            if (c.Length == 0 || c.Offset + (long)c.Length > fs.BlockSize)
                InvalidDiskFormatException.Throw(Iso9660FileTree.Format, fs.DeviceName, curOffset, $"SUSP continuation of {c.Length} bytes at offset {c.Offset} does not fit one logical block");
            curOffset = (long)c.Block * fs.BlockSize + c.Offset;
            continuation = fs.ReadBytes(curOffset, (int)c.Length);
            cur = continuation;
        }
        if (nameSeen)
            info.Name = name.ToString();
        if (link is not null)
            info.SymlinkTarget = link.ToString();
        return info;
    }

    /// <summary>SL component records (RRIP 4.1.3.1): flags, length, content; ROOT, CURRENT and PARENT stand for "/", "." and "..".</summary>
    private static void DecodeSymlink(ReadOnlySpan<byte> comps, StringBuilder target, ref bool continues)
    {
        int p = 0;
        while (p + 2 <= comps.Length)
        {
            byte flags = comps[p];
            int len = comps[p + 1];
            if (p + 2 + len > comps.Length)
                break;
            string text = (flags & SlRoot) != 0 ? "/"
                : (flags & SlCurrent) != 0 ? "."
                : (flags & SlParent) != 0 ? ".."
                : Encoding.UTF8.GetString(comps.Slice(p + 2, len));
            if (text == "/")
            {
                target.Clear().Append('/');
            }
            else
            {
                if (!continues && target.Length > 0 && target[^1] != '/')
                    target.Append('/');
                target.Append(text);
            }
            continues = (flags & SlComponentContinue) != 0;
            p += 2 + len;
        }
    }

    /// <summary>TF (RRIP 4.1.6): a flags byte, then the recorded times in bit order; bit 1 is modification.</summary>
    private static DateTimeOffset? DecodeModified(ReadOnlySpan<byte> e)
    {
        byte flags = e[4];
        if ((flags & (1 << TfModifyBit)) == 0)
            return null;
        int size = (flags & TfLongForm) != 0 ? 17 : 7;
        int p = 5 + ((flags & 1) != 0 ? size : 0); // skip the creation time when present
        if (p + size > e.Length || size != 7)
            return null;
        return IsoDirectoryRecord.ReadDate(e.Slice(p, 7));
    }
}
