using LinuxBootSharp.Interop;

namespace LinuxBootSharp.Boot.Kexec;

/// <summary>
/// kexec on a running system (`lbs boot`, `kexec` without -e/-f): load with kexec_file_load,
/// and execute the safe way: `systemctl kexec` when systemd runs the system, otherwise sync,
/// read-only remount and reboot(LINUX_REBOOT_CMD_KEXEC) ourselves.
/// </summary>
public sealed class HostKexec(Action<string> log, RunningSystem? system = null) : IKexec
{
    private readonly KexecFileLoader _loader = new();
    private readonly RunningSystem _system = system ?? new RunningSystem();

    /// <summary>kexec_file_load flags besides the initrd's (KEXEC_FILE_ON_CRASH for `kexec -p`).</summary>
    public ulong Flags { get; init; }

    public void Load(StagedImage image) => _loader.Load(image, Flags);

    public void Execute()
    {
        if (_system.SystemdRunning)
            _system.HandOverToSystemd("kexec", log);
        else
            _system.ShutDownOurselves(Reboot.CmdKexec, log);
    }
}
