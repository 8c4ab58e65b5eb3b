namespace LinuxBootSharp.Boot.Kexec;

/// <summary>The side effects of booting, behind one interface so tests and --dry-run use a recorder.</summary>
public interface IKexec
{
    /// <summary>Hands the staged kernel, initrd and command line to the kernel. Throws BootLoadException.</summary>
    void Load(StagedImage image);

    /// <summary>Jumps into the loaded kernel. Does not return on success.</summary>
    void Execute();
}
