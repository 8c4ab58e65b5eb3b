using LinuxBootSharp.Interop;

namespace LinuxBootSharp.Boot.Kexec;

/// <summary>What the kernel holds now (kernel/ksysfs.c): /sys/kernel/kexec_loaded, kexec_crash_loaded, kexec_crash_size.</summary>
public sealed class KexecState(string sysRoot = "/sys")
{
    /// <summary>1 or 0; -1 when the attribute is missing or unreadable (kexec-tools' kexec_loaded returns -1 then).</summary>
    public int Loaded => Read("kernel/kexec_loaded");

    public int CrashLoaded => Read("kernel/kexec_crash_loaded");

    /// <summary>Bytes reserved for a crash kernel (crashkernel=); 0 when none, -1 when unknown.</summary>
    public long CrashSize => long.TryParse(SysFile.TryReadAttribute(Path.Combine(sysRoot, "kernel/kexec_crash_size")), out var v) ? v : -1;

    private int Read(string rel) =>
        int.TryParse(SysFile.TryReadAttribute(Path.Combine(sysRoot, rel)), out var v) ? v : -1;
}
