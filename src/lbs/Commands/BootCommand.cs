using LinuxBootSharp.CommandLine;
using LinuxBootSharp.Boards;
using LinuxBootSharp.Boot;
using LinuxBootSharp.Boot.Kexec;

namespace LinuxBootSharp.Cli.Commands;

/// <summary>`lbs boot`: kexec a kernel with initrds and a command line, or print the plan.</summary>
public sealed class BootCommand : ICommand
{
    public string Name => "boot";

    public string Usage => "boot --kernel PATH [--initrd PATH]... [--append STR | --reuse-cmdline] [--board NAME] [--measure] [--dry-run] [--load-only]";

    public int Run(string[] args)
    {
        string? kernel = null, append = null, boardName = null;
        var initrds = new List<string>();
        bool reuse = false, dry = false, loadOnly = false, measure = false;
        try
        {
            var r = new ArgReader(args);
            while (!r.Done)
            {
                if (r.TryValue("--kernel", out var k)) kernel = k;
                else if (r.TryValue("--initrd", out var i)) initrds.Add(i);
                else if (r.TryValue("--append", out var a)) append = a;
                else if (r.TryValue("--board", out var b)) boardName = b;
                else if (r.TryFlag("--reuse-cmdline")) reuse = true;
                else if (r.TryFlag("--dry-run")) dry = true;
                else if (r.TryFlag("--load-only")) loadOnly = true;
                else if (r.TryFlag("--measure")) measure = true;
                else throw new UsageException($"unknown argument '{r.Peek}'");
            }
            if (kernel is null)
                throw new UsageException("--kernel PATH is required");
            if (append is not null && reuse)
                throw new UsageException("--append and --reuse-cmdline exclude each other");
        }
        catch (UsageException e)
        {
            StandardStreams.Error.WriteLine($"lbs boot: {e.Message}\nusage: lbs {Usage}");
            return 2;
        }

        var board = boardName is null ? BoardCatalog.Select(BoardCatalog.ReadDmi(LinuxBootSharp.Interop.SysFile.TryReadAttribute)) : BoardCatalog.Find(boardName);
        if (board is null)
        {
            StandardStreams.Error.WriteLine($"lbs boot: no board profile named '{boardName}' (have: {string.Join(", ", BoardCatalog.All.Select(p => p.Name))})");
            return 2;
        }
        var cmdline = append ?? (reuse ? BoardCmdlineEdits.ForReuse(File.ReadAllText("/proc/cmdline")) : "");
        cmdline = BoardCmdlineEdits.Apply(cmdline, board);
        var request = new BootRequest(kernel, BootFile.FromHostPath(kernel), initrds.Select(BootFile.FromHostPath).ToList(), cmdline);
        var options = new BootOptions { Log = StandardStreams.Out.WriteLine, DryRun = dry, Measure = measure, LoadOnly = loadOnly };
        try
        {
            switch (new BootRunner(new KexecFileLoader(), board, options).Run(request))
            {
                case BootOutcome.Loaded:
                    StandardStreams.Out.WriteLine("loaded; run 'systemctl kexec' (or 'lbs boot ... ' without --load-only) to execute");
                    return 0;
                case BootOutcome.Planned:
                    return 0;
                default:
                    StandardStreams.Error.WriteLine("lbs boot: reboot(KEXEC) returned without starting the kernel");
                    return 1;
            }
        }
        catch (BootLoadException e)
        {
            StandardStreams.Error.WriteLine($"lbs boot: {e.Message}");
            return 1;
        }
    }
}
