using LinuxBootSharp.Storage;

namespace LinuxBootSharp.BootConfig.Grub;

/// <summary>File access for the interpreter that turns every storage failure into a message
/// (a corrupt file system must never abort the evaluation of a config).</summary>
internal static class GrubFiles
{
    /// <summary>Largest file the interpreter reads whole (configs, grubenv): 10 MiB.</summary>
    public const long MaxFileBytes = 10L << 20;

    public static FileStat? TryStat(IFileTree tree, string path)
    {
        try
        {
            return tree.TryStat(path);
        }
        catch (Exception e) when (e is StorageException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static byte[]? TryReadAll(IFileTree tree, string path, out string? problem)
    {
        try
        {
            problem = null;
            return tree.ReadAllBytes(path, MaxFileBytes);
        }
        catch (Exception e) when (e is StorageException or IOException or UnauthorizedAccessException)
        {
            problem = e.Message;
            return null;
        }
    }
}
