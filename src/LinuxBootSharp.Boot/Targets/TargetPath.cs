using System.Globalization;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.Boot.Targets;

/// <summary>
/// The TARGET[:PART]:/path argument of `lbs ls` and `lbs cat`. TARGET is an image file or a
/// block device; PART is a partition number ("2") or GRUB's spelling ("gpt2", "msdos5"), or 0 for a
/// file system on the whole disk (the ISO9660 of a hybrid image);
/// without PART, an unpartitioned disk or a disk with exactly one file system is used.
/// </summary>
public sealed record TargetPath(string Disk, int? Partition, string Path)
{
    public static TargetPath Parse(string arg)
    {
        int sep = arg.IndexOf(":/", StringComparison.Ordinal);
        string head = sep >= 0 ? arg[..sep] : arg;
        string path = sep >= 0 ? arg[(sep + 1)..] : "/";
        int? part = null;
        int colon = head.LastIndexOf(':');
        if (colon > 0 && TryParsePartition(head[(colon + 1)..], out var p))
        {
            part = p;
            head = head[..colon];
        }
        if (head.Length == 0)
            throw new StorageException($"'{arg}': no disk or image named (expected TARGET[:PART]:/path)");
        return new TargetPath(head, part, path);
    }

    private static bool TryParsePartition(string s, out int number)
    {
        foreach (var prefix in new[] { "gpt", "msdos", "" })
            if (s.StartsWith(prefix, StringComparison.Ordinal)
                && int.TryParse(s.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out number) && (number > 0 || prefix.Length == 0))
                return true;
        number = 0;
        return false;
    }
}
