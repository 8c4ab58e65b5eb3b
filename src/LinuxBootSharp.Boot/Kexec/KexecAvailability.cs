using LinuxBootSharp.Interop;

namespace LinuxBootSharp.Boot.Kexec;

/// <summary>
/// Whether kexec can work on this running kernel, and if not, why: the reason `lbs boot` prints
/// when it reboots through the firmware instead. Checked before loading (kernel without
/// KEXEC, kexec_load_disabled) and after a refused load (lockdown, a signature the kernel rejects).
/// </summary>
public sealed class KexecAvailability
{
    public string SysRoot { get; init; } = "/sys";
    public string ProcRoot { get; init; } = "/proc";

    /// <summary>The lockdown mode, "none", "integrity" or "confidentiality" (security/lockdown/lockdown.c prints the active one in brackets); null without the LSM.</summary>
    public string? LockdownMode()
    {
        var s = SysFile.TryReadAttribute(Path.Combine(SysRoot, "kernel/security/lockdown"));
        if (s is null)
            return null;
        int a = s.IndexOf('['), b = s.IndexOf(']');
        return a >= 0 && b > a ? s[(a + 1)..b] : s;
    }

    /// <summary>Null when nothing says kexec is off; otherwise why it is.</summary>
    public string? UnavailableReason()
    {
        // kernel/ksysfs.c creates kexec_loaded only with CONFIG_KEXEC_CORE.
        if (!SysFile.Exists(Path.Combine(SysRoot, "kernel/kexec_loaded")))
            return "this kernel has no kexec support (CONFIG_KEXEC / CONFIG_KEXEC_FILE not set: /sys/kernel/kexec_loaded is missing)";
        // kernel/kexec_core.c: once set, kexec_load and kexec_file_load fail with EPERM until reboot.
        if (SysFile.TryReadAttribute(Path.Combine(ProcRoot, "sys/kernel/kexec_load_disabled")) == "1")
            return "kernel.kexec_load_disabled is 1: kexec is switched off until the next reboot";
        return null;
    }

    /// <summary>
    /// Why a refused load means kexec cannot work here (so rebooting through the firmware is the
    /// way), or null when the error is the image's or the request's fault and should be reported.
    /// </summary>
    public string? ReasonFromRefusal(Errno errno) => errno switch
    {
        Errno.ENOSYS => "this kernel has no kexec_file_load (CONFIG_KEXEC_FILE not set)",
        // kexec_file.c kimage_validate_signature: under lockdown an unsigned image is EPERM/EKEYREJECTED.
        Errno.EPERM when LockdownMode() is "integrity" or "confidentiality" =>
            $"kernel lockdown ({LockdownMode()}) refuses to kexec this image (unsigned, or kexec_load locked down)",
        Errno.EPERM when UnavailableReason() is string r => r,
        Errno.EKEYREJECTED or Errno.ENOKEY or Errno.EBADMSG or Errno.ENOPKG =>
            $"the kernel's signature check refused the image ({errno}: KEXEC_SIG enforced{(LockdownMode() is "integrity" or "confidentiality" ? ", lockdown " + LockdownMode() : "")})",
        _ => null,
    };
}
