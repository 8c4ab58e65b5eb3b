using System.Globalization;
using LinuxBootSharp.CommandLine;

namespace LinuxBootSharp.Cli.Commands;

/// <summary>
/// The arguments of the storage commands (`lbs disks/ls/cat`): "-b 512|4096" gives an image's
/// sector size (default: guess from where its GPT header is), the command's own one-letter
/// flags (clustered, "-l"), and operands; "--" ends the options. Throws UsageException.
/// </summary>
internal sealed record StorageArgs(List<string> Operands, int SectorSize, HashSet<char> Flags)
{
    public static StorageArgs Parse(string[] args, string flagsAllowed)
    {
        var operands = new List<string>();
        var flags = new HashSet<char>();
        int sector = 0;
        var r = new ArgReader(args);
        while (!r.Done)
        {
            if (r.TryOperand(out var operand))
                operands.Add(operand);
            else if (r.TryValue("-b", out var b))
                sector = int.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is 512 or 1024 or 2048 or 4096
                    ? n
                    : throw new UsageException($"-b {b}: not a sector size (512, 1024, 2048 or 4096)");
            else if (r.TryFlags(flagsAllowed, flags))
                continue;
            else
                throw new UsageException($"unknown option '{r.Peek}'");
        }
        return new StorageArgs(operands, sector, flags);
    }
}
