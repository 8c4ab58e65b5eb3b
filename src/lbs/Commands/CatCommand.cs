using LinuxBootSharp.Storage;

namespace LinuxBootSharp.Cli.Commands;

/// <summary>`lbs cat [-b SECTOR] TARGET[:PART]:/path`: copy a file from a disk or image to stdout.</summary>
public sealed class CatCommand : ICommand
{
    public string Name => "cat";

    public string Usage => "cat [-b 512|4096] TARGET[:PART]:/path   print a file from a disk or image (read-only, no mount)";

    public int Run(string[] args)
    {
        try
        {
            var (rest, sector, _) = StorageOptions.Parse(args, "");
            if (rest.Count != 1)
            {
                StandardStreams.Error.WriteLine("usage: lbs " + Usage);
                return 2;
            }
            var target = StorageTarget.Parse(rest[0]);
            using var disk = StorageTarget.OpenDisk(target.Disk, sector);
            var tree = target.OpenTree(disk);
            using var file = tree.OpenRead(target.Path);
            using var stdout = StandardStreams.OpenOutput();
            file.CopyTo(stdout, 1 << 20);
            return 0;
        }
        catch (StorageException e)
        {
            StandardStreams.Error.WriteLine("lbs cat: " + e.Message);
            return 1;
        }
        catch (IOException e)
        {
            // A closed pipe (lbs cat x | head) is not worth a stack trace.
            StandardStreams.Error.WriteLine("lbs cat: " + e.Message);
            return 1;
        }
    }
}
