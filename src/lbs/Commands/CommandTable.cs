namespace LinuxBootSharp.Cli.Commands;

/// <summary>Every subcommand of lbs; add one line per command.</summary>
public static class CommandTable
{
    public static IReadOnlyList<ICommand> All { get; } =
    [
        new BootCommand(),
        new LsCommand(),
        new CatCommand(),
        new DisksCommand(),
        new ScanCommand(),
        new KexecCommand(),
        new DoctorCommand(),
        // commands are added here
    ];
}
