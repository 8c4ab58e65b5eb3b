using LinuxBootSharp.Boards;

namespace LinuxBootSharp.Boot.Init;

/// <summary>What PID-1 setup established, handed to the boot flow.</summary>
public sealed class InitContext
{
    public required BootLog Log { get; init; }
    public required ConsoleSet Consoles { get; init; }
    public required BoardProfile Board { get; init; }
    public required KernelCommandLine Cmdline { get; init; }
}
