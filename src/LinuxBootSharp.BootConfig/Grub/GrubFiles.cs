using LinuxBootSharp.Storage;

namespace LinuxBootSharp.BootConfig.Grub;

/// <summary>File access for the GRUB parsers that turns every storage failure into a message
/// (a corrupt file system must never abort the evaluation of a config). IFileTree throws only
/// <see cref="StorageException"/>, so that is all there is to catch.</summary>
internal static class GrubFiles
{
    /// <summary>Largest file the interpreter reads whole (configs, grubenv): 10 MiB.</summary>
    public const long MaxFileBytes = 10L << 20;

    /// <summary>
    /// Stat for an evaluation: null when the file does not exist, and also when the file system
    /// cannot say (GRUB's grub_file_open fails either way and the script goes on); then
    /// <paramref name="error"/> tells the caller what went wrong, so that a corrupt file system
    /// is reported instead of looking like a missing file.
    /// </summary>
    public static FileStat? TryStat(IFileTree tree, string path, out string? error)
    {
        var st = tree.TryStat(path, out StorageException? e);
        error = e is null ? null : ReadError(tree, path, e);
        return st;
    }

    /// <summary>The diagnostic text for a read error: file system, path and the error.</summary>
    public static string ReadError(IFileTree tree, string path, StorageException e) =>
        $"cannot read '{path}' on {tree.Identity.Device} ({tree.Identity.Type}): {e.Message}; treated as missing";

    public static byte[]? TryReadAll(IFileTree tree, string path, out string? problem)
    {
        try
        {
            problem = null;
            return tree.ReadAllBytes(path, MaxFileBytes);
        }
        catch (StorageException e)
        {
            problem = e.Message;
            return null;
        }
    }
}
