using LinuxBootSharp.BootConfig;
using LinuxBootSharp.BootConfig.Grub;

namespace LinuxBootSharp.Boot.Kexec;

/// <summary>
/// The running system's grubenv, found and edited as `grub-reboot` does it
/// (util/grub-reboot.in: `grub-editenv $grubdir/grubenv set next_entry=ENTRY`): the bytes come
/// from <see cref="GrubEnvWriter"/>, byte-identical to grub-editenv's, and are written over the
/// file in place (same size, same blocks: GRUB's save_env rewrites those blocks itself at boot).
/// Only a file of the running system is ever written, on request; never a disk lbs scanned.
/// </summary>
public static class GrubEnvFile
{
    /// <summary>Where grub-install puts $grubdir on Debian and on Fedora/RHEL.</summary>
    public static readonly string[] DefaultPaths = ["/boot/grub/grubenv", "/boot/grub2/grubenv"];

    /// <summary>
    /// The grubenv beside the grub.cfg the entry came from, as this system has it mounted:
    /// the entry's config "DEV:/path/grub.cfg" → the mount of DEV → its mount point + the path
    /// (relative to the mount's root); else the first existing default path; null when none.
    /// </summary>
    public static string? Locate(BootEntry e, IReadOnlyList<MountInfo> mounts)
    {
        int colon = e.SourceFile.IndexOf(":/", StringComparison.Ordinal);
        if (colon > 0)
        {
            var dev = e.SourceFile[..colon];
            var cfgDir = Path.GetDirectoryName(e.SourceFile[(colon + 1)..])!;
            foreach (var m in mounts.Where(m => m.Source == dev))
            {
                var root = m.Root.TrimEnd('/');
                if (root.Length > 0 && !(cfgDir == root || cfgDir.StartsWith(root + "/", StringComparison.Ordinal)))
                    continue;
                var rel = cfgDir[root.Length..].TrimStart('/');
                var path = Path.Combine(m.MountPoint, rel, "grubenv");
                if (Directory.Exists(Path.GetDirectoryName(path)))
                    return path;
            }
        }
        return DefaultPaths.FirstOrDefault(File.Exists);
    }

    /// <summary>Sets next_entry in <paramref name="path"/> (created as grub-editenv creates it when missing).</summary>
    public static void SetNextEntry(string path, string value)
    {
        byte[]? old = File.Exists(path) ? File.ReadAllBytes(path) : null;
        byte[] data;
        try
        {
            data = GrubEnvWriter.Set(old, path, "next_entry", value);
        }
        catch (GrubEnvWriteException e)
        {
            throw new BootLoadException(e.Message, e);
        }
        try
        {
            // In place when it exists: no truncation, the block keeps its sectors.
            using var h = File.OpenHandle(path, old is null ? FileMode.CreateNew : FileMode.Open, FileAccess.Write);
            RandomAccess.Write(h, data, 0);
            if (old is not null && old.Length != data.Length)
                RandomAccess.SetLength(h, data.Length);
            RandomAccess.FlushToDisk(h);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BootLoadException($"{path}: cannot write next_entry: {e.Message}", e);
        }
    }
}
