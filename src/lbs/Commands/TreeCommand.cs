using LinuxBootSharp.Boot.Targets;
using LinuxBootSharp.CommandLine;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.Cli.Commands;

/// <summary>
/// The frame `lbs ls` and `lbs cat` share: parses "[-b N] [-FLAGS] TARGET[:PART]:/path", opens the
/// file tree the target names read-only (<see cref="DiskTargets"/>), and runs the body on it.
/// Wrong arguments print the usage and give 2; a storage error prints one line "lbs NAME: ..." and gives 1.
/// </summary>
internal static class TreeCommand
{
    public static int Run(string name, string usage, string[] args, string flagsAllowed, Func<OpenTarget, HashSet<char>, int> body)
    {
        StorageArgs parsed;
        try
        {
            parsed = StorageArgs.Parse(args, flagsAllowed);
            if (parsed.Operands.Count != 1)
                throw new UsageException("name one TARGET[:PART]:/path");
        }
        catch (UsageException e)
        {
            StandardStreams.Error.WriteLine($"lbs {name}: {e.Message}\nusage: lbs {usage}");
            return 2;
        }
        try
        {
            using var target = DiskTargets.OpenTree(TargetPath.Parse(parsed.Operands[0]), parsed.SectorSize);
            return body(target, parsed.Flags);
        }
        catch (StorageException e)
        {
            StandardStreams.Error.WriteLine($"lbs {name}: {e.Message}");
            return 1;
        }
    }
}
