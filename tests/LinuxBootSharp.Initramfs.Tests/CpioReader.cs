using System.Globalization;
using System.Text;

namespace LinuxBootSharp.Initramfs.Tests;

/// <summary>One member as read back from a newc archive.</summary>
public sealed record CpioMember(string Name, uint Mode, uint Uid, uint Gid, uint RdevMajor, uint RdevMinor, uint Mtime, byte[] Data)
{
    public uint Type => Mode & 0xF000;

    public uint Permissions => Mode & 0xFFF;

    public string Text => Encoding.UTF8.GetString(Data);
}

/// <summary>
/// An independent newc reader for the tests (Documentation/driver-api/early-userspace/buffer-format.rst):
/// "070701", 13 hex fields of 8 digits (ino, mode, uid, gid, nlink, mtime, filesize, devmajor,
/// devminor, rdevmajor, rdevminor, namesize, check), the NUL-terminated name, then the data, name
/// and data each padded to 4 bytes; ends at "TRAILER!!!".
/// </summary>
public static class CpioReader
{
    private const int HeaderLength = 110;

    public static List<CpioMember> Read(byte[] a)
    {
        var list = new List<CpioMember>();
        int pos = 0;
        while (true)
        {
            Assert.True(pos + HeaderLength <= a.Length, $"truncated header at {pos}");
            Assert.Equal("070701", Encoding.ASCII.GetString(a, pos, 6));
            uint F(int i) => uint.Parse(Encoding.ASCII.GetString(a, pos + 6 + i * 8, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            uint mode = F(1), uid = F(2), gid = F(3), mtime = F(5), size = F(6), rmaj = F(9), rmin = F(10), namesize = F(11);
            var name = Encoding.UTF8.GetString(a, pos + HeaderLength, (int)namesize - 1);
            Assert.Equal(0, a[pos + HeaderLength + (int)namesize - 1]);
            pos = Align(pos + HeaderLength + (int)namesize);
            var data = a[pos..(pos + (int)size)];
            pos = Align(pos + (int)size);
            if (name == "TRAILER!!!")
                return list;
            list.Add(new CpioMember(name, mode, uid, gid, rmaj, rmin, mtime, data));
        }
    }

    private static int Align(int n) => (n + 3) & ~3;
}
