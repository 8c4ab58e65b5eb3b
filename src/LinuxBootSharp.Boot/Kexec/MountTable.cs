using System.Text;

namespace LinuxBootSharp.Boot.Kexec;

/// <summary>One line of /proc/self/mountinfo (proc(5)): where, what and how it is mounted.</summary>
public sealed record MountInfo(string MountPoint, string Root, string FsType, string Source, bool ReadOnly);

/// <summary>
/// /proc/self/mountinfo parsed (Documentation/filesystems/proc.rst "mountinfo"): fields
/// "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS", with
/// space, tab, newline and backslash in paths written as octal escapes ("\040"). Lines are in
/// mount order, so a mount comes after the one it sits on.
/// </summary>
public static class MountTable
{
    public static List<MountInfo> Parse(string text)
    {
        var list = new List<MountInfo>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split(' ');
            int dash = Array.IndexOf(f, "-", 6);
            if (f.Length < 10 || dash < 0 || dash + 3 > f.Length)
                continue;
            var options = f[5].Split(',');
            var superOptions = f[dash + 3].Split(',');
            list.Add(new MountInfo(Unescape(f[4]), Unescape(f[3]), f[dash + 1], Unescape(f[dash + 2]),
                options.Contains("ro") || superOptions.Contains("ro")));
        }
        return list;
    }

    public static List<MountInfo> ReadCurrent(string path = "/proc/self/mountinfo") =>
        Parse(LinuxBootSharp.Interop.SysFile.TryReadText(path, 1 << 20) ?? "");

    /// <summary>The mount point a path of the running system is on (the longest mount point that is a prefix of it).</summary>
    public static MountInfo? MountOf(IEnumerable<MountInfo> mounts, string path) =>
        mounts.Where(m => path == m.MountPoint || path.StartsWith(m.MountPoint.TrimEnd('/') + "/", StringComparison.Ordinal))
              .OrderByDescending(m => m.MountPoint.Length).FirstOrDefault();

    private static string Unescape(string s)
    {
        if (!s.Contains('\\'))
            return s;
        var bytes = new List<byte>();
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && IsOctal(s, i + 1))
            {
                bytes.Add((byte)((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0')));
                i += 3;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(s[i].ToString()));
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static bool IsOctal(string s, int at) =>
        at + 2 < s.Length && s[at] is >= '0' and <= '3' && s[at + 1] is >= '0' and <= '7' && s[at + 2] is >= '0' and <= '7';
}
