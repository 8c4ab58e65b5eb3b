using LinuxBootSharp.Boards;

namespace LinuxBootSharp.Boot;

/// <summary>The board profile's command-line edits: remove named parameters, then append.</summary>
public static class BoardCmdlineEdits
{
    public static string Apply(string cmdline, BoardProfile board)
    {
        var s = board.Cmdline.Remove.Count > 0 ? KernelCommandLine.Remove(cmdline, board.Cmdline.Remove) : cmdline.Trim();
        return board.Cmdline.Append.Count > 0 ? KernelCommandLine.Append(s, board.Cmdline.Append) : s;
    }

    /// <summary>
    /// The running kernel's command line made fit to pass on (--reuse-cmdline): lbs's own
    /// parameters, BOOT_IMAGE= and initrd= (set by the previous loader for itself) are dropped.
    /// </summary>
    public static string ForReuse(string current) =>
        KernelCommandLine.Remove(current, ["lbs.*", "BOOT_IMAGE", "initrd"]);
}
