namespace LinuxBootSharp.Initramfs;

public enum CpioEntryKind
{
    File,
    Directory,
    Symlink,
    CharDevice,
    BlockDevice,
    Fifo,
    Socket,
}

/// <summary>One member of a newc archive. <see cref="Path"/> is relative, without a leading '/' ("dev/console").</summary>
public sealed record CpioEntry(string Path, CpioEntryKind Kind, uint Permissions, byte[] Data, uint DevMajor = 0, uint DevMinor = 0, uint Uid = 0, uint Gid = 0)
{
    public static CpioEntry File(string path, byte[] data, uint perm = 0x1A4 /* 0644 */) => new(Trim(path), CpioEntryKind.File, perm, data);

    public static CpioEntry Executable(string path, byte[] data) => new(Trim(path), CpioEntryKind.File, 0x1ED /* 0755 */, data);

    public static CpioEntry Directory(string path, uint perm = 0x1ED) => new(Trim(path), CpioEntryKind.Directory, perm, []);

    public static CpioEntry Symlink(string path, string target, uint perm = 0x1FF) => new(Trim(path), CpioEntryKind.Symlink, perm, System.Text.Encoding.UTF8.GetBytes(target));

    public static CpioEntry CharDevice(string path, uint major, uint minor, uint perm = 0x180 /* 0600 */) =>
        new(Trim(path), CpioEntryKind.CharDevice, perm, [], major, minor);

    private static string Trim(string p) => p.TrimStart('/');
}
