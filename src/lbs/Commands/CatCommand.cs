namespace LinuxBootSharp.Cli.Commands;

/// <summary>`lbs cat [-b SECTOR] TARGET[:PART]:/path`: copy a file from a disk or image to stdout.</summary>
public sealed class CatCommand : ICommand
{
    public string Name => "cat";

    public string Usage => "cat [-b 512|4096] TARGET[:PART]:/path   print a file from a disk or image (read-only, no mount)";

    // A failed write to stdout is Program's to report (one line, exit 1); a closed pipe ends quietly.
    public int Run(string[] args) => TreeCommand.Run(Name, Usage, args, "", (target, _) =>
    {
        using var file = target.Tree.OpenRead(target.Target.Path);
        using var stdout = StandardStreams.OpenOutput();
        file.CopyTo(stdout, 1 << 20);
        return 0;
    });
}
