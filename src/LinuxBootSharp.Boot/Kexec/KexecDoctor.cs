using System.Text;
using LinuxBootSharp.Boards;
using LinuxBootSharp.Interop;

namespace LinuxBootSharp.Boot.Kexec;

/// <summary>How one fact bears on kexec here.</summary>
public enum DoctorStatus
{
    Ok,
    Info,
    Warn,
    Fail,
}

/// <summary>One line of `lbs doctor`: what was checked, what was found, and what to do about it.</summary>
public sealed record DoctorCheck(string Name, string Value, DoctorStatus Status, string Advice);

/// <summary>
/// `lbs doctor`: every fact that decides whether kexec works on this running system, each with
/// its source and what to do: the kernel's KEXEC options (from /proc/config.gz, else
/// /boot/config-RELEASE), lockdown (security/lockdown), Secure Boot (the SecureBoot EFI
/// variable), kernel.kexec_load_disabled and kexec_load_limit_* (Documentation/admin-guide/
/// sysctl/kernel.rst), the crash kernel reservation, what is loaded now, whether systemd is
/// PID 1, and the board profile. Reads only; roots are parameters for tests.
/// </summary>
public sealed class KexecDoctor
{
    private const string EfiGlobalGuid = "8be4df61-93ca-11d2-aa0d-e0a8ece5e9a0";

    public string SysRoot { get; init; } = "/sys";
    public string ProcRoot { get; init; } = "/proc";
    public string BootDir { get; init; } = "/boot";
    public string RunRoot { get; init; } = "/run";

    public static readonly string[] ConfigOptions = ["CONFIG_KEXEC", "CONFIG_KEXEC_FILE", "CONFIG_KEXEC_SIG", "CONFIG_KEXEC_SIG_FORCE", "CONFIG_KEXEC_BZIMAGE_VERIFY_SIG"];

    public List<DoctorCheck> Run(BoardProfile board)
    {
        var checks = new List<DoctorCheck>();
        var (config, configSource) = ReadConfig();
        foreach (var opt in ConfigOptions)
            checks.Add(ConfigCheck(opt, config, configSource));

        var availability = new KexecAvailability { SysRoot = SysRoot, ProcRoot = ProcRoot };
        var lockdown = availability.LockdownMode();
        checks.Add(lockdown switch
        {
            null => new("lockdown", "not available (no lockdown LSM)", DoctorStatus.Ok, "nothing to do"),
            "none" => new("lockdown", "none", DoctorStatus.Ok, "nothing to do"),
            _ => new("lockdown", lockdown, DoctorStatus.Warn, "kexec_load is refused and kexec_file_load needs a kernel signed by a key the running kernel trusts (KEXEC_SIG); sign the kernel (sbsign) or use --reboot-instead"),
        });

        var sb = ReadEfiByte($"SecureBoot-{EfiGlobalGuid}");
        checks.Add(sb switch
        {
            null => new("secure boot", Directory.Exists(Path.Combine(SysRoot, "firmware/efi")) ? "unknown (no SecureBoot variable)" : "not an EFI boot", DoctorStatus.Info, "nothing to do"),
            1 => new("secure boot", "enabled", DoctorStatus.Warn, "distribution kernels turn lockdown on under Secure Boot: only signed kernels kexec; check 'lockdown' above"),
            _ => new("secure boot", "disabled", DoctorStatus.Ok, "nothing to do"),
        });

        var disabled = SysFile.TryReadAttribute(Path.Combine(ProcRoot, "sys/kernel/kexec_load_disabled"));
        checks.Add(disabled switch
        {
            null => new("kernel.kexec_load_disabled", "missing", DoctorStatus.Fail, "the kernel has no kexec at all; lbs boot reboots through the firmware instead"),
            "1" => new("kernel.kexec_load_disabled", "1", DoctorStatus.Fail, "kexec is off until the next reboot (the sysctl cannot be reset); lbs boot reboots through the firmware instead"),
            _ => new("kernel.kexec_load_disabled", disabled, DoctorStatus.Ok, "nothing to do"),
        });
        foreach (var kind in new[] { "reboot", "panic" })
        {
            var v = SysFile.TryReadAttribute(Path.Combine(ProcRoot, $"sys/kernel/kexec_load_limit_{kind}"));
            checks.Add(v switch
            {
                null => new($"kernel.kexec_load_limit_{kind}", "not present (kernel before 6.6)", DoctorStatus.Info, "nothing to do"),
                "0" => new($"kernel.kexec_load_limit_{kind}", "0", DoctorStatus.Fail, $"no more {(kind == "panic" ? "crash " : "")}kernel loads are allowed until reboot"),
                "-1" => new($"kernel.kexec_load_limit_{kind}", "-1 (unlimited)", DoctorStatus.Ok, "nothing to do"),
                _ => new($"kernel.kexec_load_limit_{kind}", v, DoctorStatus.Info, $"only {v} more {(kind == "panic" ? "crash-kernel " : "")}loads until reboot"),
            });
        }

        var state = new KexecState(SysRoot);
        long crash = state.CrashSize;
        checks.Add(crash switch
        {
            < 0 => new("crashkernel reservation", "unknown", DoctorStatus.Info, "kexec -p needs crashkernel= on the kernel command line"),
            0 => new("crashkernel reservation", "none", DoctorStatus.Info, "for kexec -p (kdump) boot with crashkernel=256M"),
            _ => new("crashkernel reservation", $"{crash} bytes", DoctorStatus.Ok, "kexec -p can load a crash kernel"),
        });
        checks.Add(new("loaded kernel", state.Loaded switch { 1 => "yes", 0 => "no", _ => "unknown" }, DoctorStatus.Info,
            state.Loaded == 1 ? "'kexec -e' or 'systemctl kexec' starts it; 'kexec -u' unloads it" : "nothing to do"));
        checks.Add(new("loaded crash kernel", state.CrashLoaded switch { 1 => "yes", 0 => "no", _ => "unknown" }, DoctorStatus.Info, "nothing to do"));

        var sys = new RunningSystem { ProcRoot = ProcRoot, RunRoot = RunRoot };
        checks.Add(sys.SystemdRunning
            ? new("init", "systemd is PID 1", DoctorStatus.Ok, "lbs boot hands over with 'systemctl kexec' (services stop, file systems unmount)")
            : new("init", $"PID 1 is '{SysFile.TryReadAttribute(Path.Combine(ProcRoot, "1/comm")) ?? "unknown"}', not systemd", DoctorStatus.Info, "lbs boot syncs and remounts every file system read-only itself before the jump"));
        checks.Add(new("board profile", board.Name, DoctorStatus.Info, board.Quirks.Count == 0 ? "kexec policy: kexec (no teardown quirks)" : $"kexec policy: kexec after {board.Quirks.Count} teardown quirk(s)"));
        return checks;
    }

    /// <summary>
    /// The kernel's .config: /boot/config-$(uname -r) as distributions install it. /proc/config.gz
    /// (CONFIG_IKCONFIG_PROC) is gzip: lbs carries no inflate (System.IO.Compression's costs the
    /// flash image 147 KB, measured), so it is named with the command to read it instead.
    /// </summary>
    private (Dictionary<string, string>? Config, string Source) ReadConfig()
    {
        var gz = Path.Combine(ProcRoot, "config.gz");
        var release = SysFile.TryReadAttribute(Path.Combine(ProcRoot, "sys/kernel/osrelease"));
        var file = Path.Combine(BootDir, $"config-{release}");
        try
        {
            if (release is not null && File.Exists(file))
                return (ParseConfig(File.ReadAllText(file)), file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"{file}: {e.Message}");
        }
        return (null, File.Exists(gz) ? $"{file} missing; {gz} is gzip: read it with 'zcat {gz} | grep KEXEC'" : $"{file} missing, no {gz}");
    }

    public static Dictionary<string, string> ParseConfig(string text)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("# CONFIG_", StringComparison.Ordinal) && line.EndsWith(" is not set", StringComparison.Ordinal))
                d[line[2..^" is not set".Length]] = "n";
            else if (line.StartsWith("CONFIG_", StringComparison.Ordinal) && line.IndexOf('=') is int eq and > 0)
                d[line[..eq]] = line[(eq + 1)..];
        }
        return d;
    }

    private static DoctorCheck ConfigCheck(string opt, Dictionary<string, string>? config, string source)
    {
        if (config is null)
            return new(opt, "unknown", DoctorStatus.Info, $"kernel config not found ({source}); /sys/kernel/kexec_loaded and the checks below still tell");
        bool on = config.TryGetValue(opt, out var v) && v == "y";
        string shown = on ? "y" : "not set";
        return opt switch
        {
            "CONFIG_KEXEC" => new(opt, shown, on ? DoctorStatus.Ok : DoctorStatus.Info, on ? "kexec_load (kexec -c, raw --segment) works" : "no kexec_load: lbs uses kexec_file_load anyway"),
            "CONFIG_KEXEC_FILE" => new(opt, shown, on ? DoctorStatus.Ok : DoctorStatus.Fail, on ? "kexec_file_load works: lbs boot and kexec -s" : "no kexec_file_load: lbs cannot load kernels here; use --reboot-instead or a kernel with KEXEC_FILE"),
            "CONFIG_KEXEC_SIG" => new(opt, shown, DoctorStatus.Info, on ? "kernels are signature-checked; unsigned ones still load unless KEXEC_SIG_FORCE or lockdown" : "no signature checks"),
            "CONFIG_KEXEC_SIG_FORCE" => new(opt, shown, on ? DoctorStatus.Warn : DoctorStatus.Ok, on ? "only signed kernels load: sign them (sbsign) with a key the kernel trusts" : "nothing to do"),
            _ => new(opt, shown, DoctorStatus.Info, on ? "bzImage signatures are checked against the kernel's keyrings" : "nothing to do"),
        };
    }

    /// <summary>The first data byte of an EFI variable in efivarfs (after the 4-byte attributes), or null.</summary>
    private int? ReadEfiByte(string name)
    {
        var path = Path.Combine(SysRoot, "firmware/efi/efivars", name);
        try
        {
            if (!File.Exists(path))
                return null;
            var b = File.ReadAllBytes(path);
            return b.Length >= 5 ? b[4] : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
