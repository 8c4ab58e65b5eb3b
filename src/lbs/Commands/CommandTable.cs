namespace LinuxBootSharp.Cli.Commands;

/// <summary>Every subcommand of lbs; add one line per command.</summary>
public static class CommandTable
{
    public static IReadOnlyList<ICommand> All { get; } =
    [
        // commands are added here
    ];
}
