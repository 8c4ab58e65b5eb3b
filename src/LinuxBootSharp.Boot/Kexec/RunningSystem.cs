using LinuxBootSharp.Interop;

namespace LinuxBootSharp.Boot.Kexec;

/// <summary>
/// Facts about the system lbs runs on as an ordinary program (not as PID 1), and the two ways of
/// leaving it: hand over to systemd (`systemctl kexec` / `systemctl reboot`: services stop,
/// file systems are unmounted by systemd-shutdown), or, without systemd, sync + read-only
/// remount (<see cref="ReadOnlyRemount"/>) and reboot(2) ourselves.
/// </summary>
public sealed class RunningSystem
{
    public string ProcRoot { get; init; } = "/proc";
    public string RunRoot { get; init; } = "/run";
    public string Systemctl { get; init; } = "/usr/bin/systemctl";

    /// <summary>How long to wait for systemd to stop us after it accepted the job.</summary>
    public TimeSpan HandoverGrace { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>
    /// systemd is PID 1 and is running the system: PID 1's name is "systemd" and
    /// /run/systemd/system exists (sd_booted(3)'s test), and systemctl is there to ask it.
    /// </summary>
    public bool SystemdRunning =>
        SysFile.TryReadAttribute(Path.Combine(ProcRoot, "1/comm")) == "systemd"
        && Directory.Exists(Path.Combine(RunRoot, "systemd/system"))
        && File.Exists(SystemctlPath);

    private string SystemctlPath => File.Exists(Systemctl) ? Systemctl : "/bin/systemctl";

    /// <summary>
    /// Asks systemd for <paramref name="verb"/> ("kexec" or "reboot"), then waits to be stopped
    /// with everything else. Returns only on failure (systemctl refused, or nothing happened).
    /// systemctl kexec uses the kernel already loaded (systemctl(1): "If a kexec kernel is loaded").
    /// </summary>
    public void HandOverToSystemd(string verb, Action<string> log)
    {
        log($"systemd is PID 1: handing over with 'systemctl {verb}' (services stop, file systems unmount)");
        int rc = PosixSpawn.Run(SystemctlPath, [verb]);
        if (rc != 0)
            throw new BootLoadException($"systemctl {verb} exited with {rc}");
        Thread.Sleep(HandoverGrace);
        throw new BootLoadException($"systemctl {verb} accepted the job but the system is still running after {HandoverGrace.TotalSeconds} s");
    }

    /// <summary>
    /// Without systemd: sync, remount read-only, warn with what stayed writable, then
    /// reboot(<paramref name="rebootCmd"/>). Returns only when reboot(2) fails (it throws then).
    /// </summary>
    public void ShutDownOurselves(int rebootCmd, Action<string> log, bool bringDownNetwork = true)
    {
        log("no systemd as PID 1: syncing and remounting every file system read-only before the jump");
        var left = new ReadOnlyRemount(log).Run(MountTable.ReadCurrent(Path.Combine(ProcRoot, "self/mountinfo")));
        foreach (var l in left)
            log("warning: still writable: " + l);
        if (left.Count > 0)
            log($"warning: {left.Count} file system(s) could not be made read-only: writes still in flight there may be lost");
        if (bringDownNetwork)
            NetworkInterfaces.BringAllDown(log);
        try
        {
            Reboot.Invoke(rebootCmd);
        }
        catch (ErrnoException e)
        {
            throw new BootLoadException($"reboot(0x{rebootCmd:x8}) failed: {e.Errno} ({ErrnoText.Describe(e.Errno)})", e);
        }
    }
}

/// <summary>kexec-tools' ifdown() (kexec/ifdown.c): every interface but loopback taken down before the jump.</summary>
public static class NetworkInterfaces
{
    public static void BringAllDown(Action<string> log, string sysRoot = "/sys")
    {
        foreach (var name in SysFile.ListNames(Path.Combine(sysRoot, "class/net")).Order(StringComparer.Ordinal))
        {
            if (name == "lo")
                continue;
            try
            {
                if (NetworkInterfaceDown.Invoke(name))
                    log($"network interface {name} down");
            }
            catch (Exception e) when (e is ErrnoException or ArgumentException)
            {
                log($"warning: could not take {name} down: {e.Message}");
            }
        }
    }
}
