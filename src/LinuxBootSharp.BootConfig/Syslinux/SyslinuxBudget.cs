namespace LinuxBootSharp.BootConfig.Syslinux;

/// <summary>Work limits shared by one parse, across INCLUDEs and CONFIG switches.</summary>
public sealed class SyslinuxBudget
{
    public const int MaxFiles = 256;
    public const int MaxLabels = 4096;

    private int _files;
    private int _labels;

    /// <summary>"device:/path" of every config file read, in order.</summary>
    public List<string> ConfigFiles { get; } = [];

    public bool TakeFile() => ++_files <= MaxFiles;

    public bool TakeLabel() => ++_labels <= MaxLabels;
}
