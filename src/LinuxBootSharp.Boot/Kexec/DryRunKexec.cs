namespace LinuxBootSharp.Boot.Kexec;

/// <summary>Records what would be loaded and executed; touches nothing.</summary>
public sealed class DryRunKexec : IKexec
{
    public StagedImage? Loaded { get; private set; }
    public bool Executed { get; private set; }

    public void Load(StagedImage image) => Loaded = image;

    public void Execute() => Executed = true;
}
