using LinuxBootSharp.Boot.Kexec;

namespace LinuxBootSharp.Boot.Tests;

/// <summary>An IKexec that records the calls (and their order in a shared log) instead of making them.</summary>
internal sealed class RecordingKexec(List<string>? log = null) : IKexec
{
    public int Loads { get; private set; }
    public int Executions { get; private set; }
    public string? LoadedCmdline { get; private set; }

    public void Load(StagedImage image)
    {
        Loads++;
        LoadedCmdline = image.Request.Cmdline;
        log?.Add("kexec: load");
    }

    public void Execute()
    {
        Executions++;
        log?.Add("kexec: execute");
    }
}
