namespace LinuxBootSharp.Cli.Commands;

/// <summary>One `lbs` subcommand. Run returns the process exit code; errors are one line on stderr.</summary>
public interface ICommand
{
    string Name { get; }

    /// <summary>One-line synopsis for `lbs help`, e.g. "ls TARGET[:PART]:/path   list a directory".</summary>
    string Usage { get; }

    int Run(string[] args);
}
