using System.Text;

namespace LinuxBootSharp.Initramfs;

/// <summary>
/// Writes the "newc" cpio format the kernel unpacks into its rootfs
/// (Documentation/driver-api/early-userspace/buffer-format.rst; init/initramfs.c).
/// Header: "070701" and 13 eight-digit hex fields; name and data each padded to 4 bytes;
/// the archive ends with the member "TRAILER!!!".
/// </summary>
public sealed class CpioWriter
{
    private const string Magic = "070701";
    private const uint ModeFile = 0x8000;
    private const uint ModeDirectory = 0x4000;
    private const uint ModeSymlink = 0xA000;
    private const uint ModeCharDevice = 0x2000;
    private const uint ModeBlockDevice = 0x6000;
    private const uint ModeFifo = 0x1000;
    private const uint ModeSocket = 0xC000;

    private readonly Stream _out;
    private readonly uint _mtime;
    private uint _ino = 1;
    private long _written;

    /// <param name="mtime">Modification time stamped on every member (SOURCE_DATE_EPOCH for reproducible images).</param>
    public CpioWriter(Stream output, uint mtime)
    {
        _out = output;
        _mtime = mtime;
    }

    public long BytesWritten => _written;

    public void Write(CpioEntry e)
    {
        uint type = e.Kind switch
        {
            CpioEntryKind.File => ModeFile,
            CpioEntryKind.Directory => ModeDirectory,
            CpioEntryKind.Symlink => ModeSymlink,
            CpioEntryKind.CharDevice => ModeCharDevice,
            CpioEntryKind.BlockDevice => ModeBlockDevice,
            CpioEntryKind.Fifo => ModeFifo,
            CpioEntryKind.Socket => ModeSocket,
            _ => throw new ArgumentOutOfRangeException(nameof(e)),
        };
        WriteMember(e.Path, type | (e.Permissions & 0xFFF), e.Kind == CpioEntryKind.Directory ? 2u : 1u, e.Data, e.DevMajor, e.DevMinor, _ino++, e.Uid, e.Gid);
    }

    /// <summary>Writes the trailer and pads the archive to a 512-byte multiple, as GNU cpio does.</summary>
    public void Finish()
    {
        WriteMember("TRAILER!!!", 0, 1, [], 0, 0, 0, 0, 0);
        long pad = (512 - _written % 512) % 512;
        WritePadding((int)pad);
    }

    private void WriteMember(string name, uint mode, uint nlink, byte[] data, uint rmajor, uint rminor, uint ino, uint uid, uint gid)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var header = new StringBuilder(110);
        header.Append(Magic);
        foreach (var v in new uint[]
        {
            ino, mode, uid, gid, nlink, _mtime, (uint)data.Length,
            0 /* devmajor */, 0 /* devminor */, rmajor, rminor, (uint)nameBytes.Length + 1, 0 /* check */,
        })
            header.Append(v.ToString("x8", System.Globalization.CultureInfo.InvariantCulture));
        var h = Encoding.ASCII.GetBytes(header.ToString());
        Put(h);
        Put(nameBytes);
        Put([0]);
        WritePadding(Pad4(h.Length + nameBytes.Length + 1));
        Put(data);
        WritePadding(Pad4(data.Length));
    }

    private static int Pad4(long n) => (int)((4 - n % 4) % 4);

    private void WritePadding(int n)
    {
        if (n > 0)
            Put(new byte[n]);
    }

    private void Put(ReadOnlySpan<byte> b)
    {
        _out.Write(b);
        _written += b.Length;
    }
}
