using System.Text;

namespace LinuxBootSharp.BootConfig.Grub;

/// <summary>
/// GRUB's environment block (grub-core/lib/envblk.c): the signature line
/// "# GRUB Environment Block\n", then "name=value\n" lines (backslash escapes '\\' and newline
/// in values), then '#' padding that keeps the file at its size (grub-editenv makes 1024 bytes).
/// Editing follows envblk.c byte for byte, including its refusals: free space is only the run of
/// '#' after the last newline, a block that does not end in newline-plus-padding is "broken" and
/// cannot be changed, and a value that does not fit leaves the block as it was. We only ever edit
/// an in-memory copy: the disk is never written.
/// </summary>
public sealed class GrubEnvBlock
{
    public const string Signature = "# GRUB Environment Block\n";

    /// <summary>Size grub-editenv creates (util/editenv.c DEFAULT_ENVBLK_SIZE).</summary>
    public const int DefaultSize = 1024;

    private readonly byte[] _buf;

    private GrubEnvBlock(byte[] buf) => _buf = buf;

    public int Size => _buf.Length;

    public byte[] ToArray() => (byte[])_buf.Clone();

    /// <summary>grub_envblk_open: null unless the data starts with the signature.</summary>
    public static GrubEnvBlock? Open(byte[] data)
    {
        var sig = Encoding.ASCII.GetBytes(Signature);
        // envblk.c wants size >= sizeof (GRUB_ENVBLK_SIGNATURE), which counts the NUL: one byte more.
        if (data.Length < sig.Length + 1 || !data.AsSpan(0, sig.Length).SequenceEqual(sig))
            return null;
        return new GrubEnvBlock((byte[])data.Clone());
    }

    /// <summary>A fresh block as grub-editenv creates it.</summary>
    public static GrubEnvBlock CreateDefault()
    {
        var buf = new byte[DefaultSize];
        buf.AsSpan().Fill((byte)'#');
        Encoding.ASCII.GetBytes(Signature).CopyTo(buf, 0);
        return new GrubEnvBlock(buf);
    }

    private static int SigLen => Signature.Length;

    private int FindNextLine(int p)
    {
        int end = _buf.Length;
        while (p < end)
        {
            if (_buf[p] == '\\')
                p += 2;
            else if (_buf[p] == '\n')
                break;
            else
                p++;
        }
        return p + 1;
    }

    /// <summary>grub_envblk_iterate: every name=value pair, skipping lines that start with '#'.</summary>
    public List<KeyValuePair<string, string>> Variables()
    {
        var list = new List<KeyValuePair<string, string>>();
        int p = SigLen, end = _buf.Length;
        while (p < end)
        {
            if (_buf[p] != '#')
            {
                int nameStart = p;
                while (p < end && _buf[p] != '=')
                    p++;
                if (p == end)
                    return list; // broken
                int nameEnd = p;
                p++;
                int valueStart = p;
                while (p < end)
                {
                    if (_buf[p] == '\n')
                        break;
                    p += _buf[p] == '\\' ? 2 : 1;
                }
                if (p >= end)
                    return list; // broken
                var value = new List<byte>(p - valueStart);
                for (int q = valueStart; q < p; q++)
                {
                    if (_buf[q] == '\\' && q + 1 < p)
                        q++;
                    value.Add(_buf[q]);
                }
                list.Add(new(Encoding.UTF8.GetString(_buf, nameStart, nameEnd - nameStart), Encoding.UTF8.GetString(value.ToArray())));
            }
            p = FindNextLine(p);
        }
        return list;
    }

    private static byte[] Escape(string value)
    {
        var raw = Encoding.UTF8.GetBytes(value);
        var o = new List<byte>(raw.Length + 4);
        foreach (var b in raw)
        {
            if (b is (byte)'\\' or (byte)'\n')
                o.Add((byte)'\\');
            o.Add(b);
        }
        return o.ToArray();
    }

    /// <summary>grub_envblk_set: false (block unchanged) when it is broken or the value does not fit.</summary>
    public bool Set(string name, string value)
    {
        var n = Encoding.UTF8.GetBytes(name);
        var v = Escape(value);
        int nl = n.Length, vl = v.Length, pend = _buf.Length;
        int space = pend - 1;
        while (space >= 0 && _buf[space] == '#')
            space--;
        if (space < 0 || _buf[space] != '\n')
            return false; // broken: no newline before the padding
        space++;
        int p = SigLen;
        int valueAt = -1;
        while (p + nl + 1 < space)
        {
            if (_buf.AsSpan(p, nl).SequenceEqual(n) && _buf[p + nl] == '=')
            {
                p += nl + 1;
                int len = 0;
                while (p + len < pend && _buf[p + len] != '\n')
                    len += _buf[p + len] == '\\' ? 2 : 1;
                if (p + len >= pend)
                    return false;
                if (pend - space < vl - len)
                    return false; // no space
                if (vl < len)
                {
                    // Shift the rest left and pad the freed tail with '#'.
                    Array.Copy(_buf, p + len, _buf, p + vl, pend - (p + len));
                    _buf.AsSpan(pend - (len - vl), len - vl).Fill((byte)'#');
                }
                else
                {
                    Array.Copy(_buf, p + len, _buf, p + vl, pend - (p + vl));
                }
                valueAt = p;
                break;
            }
            p = FindNextLine(p);
        }
        if (valueAt < 0)
        {
            if (pend - space < nl + 1 + vl + 1)
                return false; // no space
            n.CopyTo(_buf, space);
            _buf[space + nl] = (byte)'=';
            valueAt = space + nl + 1;
        }
        v.CopyTo(_buf, valueAt);
        _buf[valueAt + vl] = (byte)'\n';
        return true;
    }

    /// <summary>grub_envblk_delete: removes the line and pads the end with '#'.</summary>
    public void Delete(string name)
    {
        var n = Encoding.UTF8.GetBytes(name);
        int nl = n.Length, pend = _buf.Length, p = SigLen;
        while (p + nl + 1 < pend)
        {
            if (_buf.AsSpan(p, nl).SequenceEqual(n) && _buf[p + nl] == '=')
            {
                int len = nl + 1;
                while (p + len < pend)
                {
                    if (_buf[p + len] == '\n')
                        break;
                    len += _buf[p + len] == '\\' ? 2 : 1;
                }
                if (p + len >= pend)
                    return;
                len++;
                Array.Copy(_buf, p + len, _buf, p, pend - (p + len));
                _buf.AsSpan(pend - len, len).Fill((byte)'#');
                return;
            }
            p = FindNextLine(p);
        }
    }
}
