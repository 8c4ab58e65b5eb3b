namespace LinuxBootSharp.BootConfig.Grub;

/// <summary>What the loader commands of one entry body did (linux, initrd, devicetree, ...).</summary>
internal sealed class GrubEntryState
{
    public FileRef? Kernel;
    public string? KernelName;
    public string? Loader;
    public string Cmdline = "";
    public readonly List<FileRef> Initrds = [];
    public FileRef? DeviceTree;
    public string? NotBootableReason;
    public readonly List<string> Modules = [];
    public readonly List<Diagnostic> Diagnostics = [];

    /// <summary>Environment blocks <c>save_env</c> changed inside this body: dropped with the entry.</summary>
    public readonly Dictionary<string, GrubEnvBlock> EnvBlocks = new(StringComparer.Ordinal);
}
