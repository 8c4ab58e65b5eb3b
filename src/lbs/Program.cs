using LinuxBootSharp.Boot.Init;
using LinuxBootSharp.Cli;
using LinuxBootSharp.Cli.Commands;

// PID 1: the initramfs's /init. Never returns (InitProcess ends in the recovery prompt).
if (Environment.ProcessId == 1)
{
    InitProcess.Run(InitFlow.Run);
    return 0;
}

// Invoked as `kexec` (a symlink to lbs): kexec-tools' command line, no subcommand word.
if (LinuxBootSharp.Cli.InvokedName.Get() == "kexec")
{
    try
    {
        int krc = new KexecCommand().Run(args);
        StandardStreams.Out.Flush();
        return krc;
    }
    catch (IOException e)
    {
        StandardStreams.Error.WriteLine($"kexec: {e.Message}");
        return 1;
    }
}

if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
{
    StandardStreams.Out.WriteLine("usage: lbs COMMAND [ARGS...]");
    foreach (var c in CommandTable.All)
        StandardStreams.Out.WriteLine("  lbs " + c.Usage);
    return args.Length == 0 ? 2 : 0;
}
var cmd = CommandTable.All.FirstOrDefault(c => c.Name == args[0]);
if (cmd is null)
{
    StandardStreams.Error.WriteLine($"lbs: unknown command '{args[0]}' (try 'lbs help')");
    return 2;
}
try
{
    int rc = cmd.Run(args[1..]);
    StandardStreams.Out.Flush();
    return rc;
}
catch (IOException e)
{
    // Writing the output failed (stdout on a full disk); a closed pipe is not an error.
    StandardStreams.Error.WriteLine($"lbs {args[0]}: {e.Message}");
    return 1;
}
