using LinuxBootSharp.Interop;

namespace LinuxBootSharp.Boot.Kexec;

/// <summary>
/// What a running system without systemd gets before the jump, in place of an init's orderly
/// shutdown: sync, then every writable file system remounted read-only, innermost first (or
/// unmounted when the remount is refused), so that no journal or page cache is lost across the
/// kexec. Kernel-API file systems (proc, sysfs, devtmpfs, ...) hold no data and are left alone.
/// What could not be made read-only is returned and printed as a warning; the caller executes
/// anyway, as `kexec -e` would.
/// </summary>
public sealed class ReadOnlyRemount
{
    /// <summary>File systems with nothing to flush: the kernel's views of itself and its RAM-only helpers.</summary>
    public static readonly IReadOnlySet<string> ApiFileSystems = new HashSet<string>(StringComparer.Ordinal)
    {
        "proc", "sysfs", "devtmpfs", "devpts", "cgroup", "cgroup2", "securityfs", "debugfs", "tracefs",
        "efivarfs", "bpf", "mqueue", "hugetlbfs", "pstore", "configfs", "fusectl", "binfmt_misc", "autofs",
        "rpc_pipefs", "nsfs", "selinuxfs",
    };

    private readonly Action<string> _log;
    private readonly Action<string> _remount;
    private readonly Action<string> _unmount;

    public ReadOnlyRemount(Action<string> log, Action<string>? remount = null, Action<string>? unmount = null)
    {
        _log = log;
        _remount = remount ?? Mount.RemountReadOnly;
        _unmount = unmount ?? (m => Umount.Invoke(m));
    }

    /// <summary>Returns one line per mount left writable ("/data (ext4 /dev/sdb1): EBUSY ...").</summary>
    public List<string> Run(IReadOnlyList<MountInfo> mounts)
    {
        var failed = new List<string>();
        Sync.Invoke();
        _log("synced file systems");
        // mountinfo is in mount order: walking it backwards handles a mount before the one under it.
        for (int i = mounts.Count - 1; i >= 0; i--)
        {
            var m = mounts[i];
            if (m.ReadOnly || ApiFileSystems.Contains(m.FsType))
                continue;
            // A bind mount of the same file system shows up again; once it is read-only, all are.
            try
            {
                _remount(m.MountPoint);
                _log($"remounted read-only: {m.MountPoint} ({m.FsType} {m.Source})");
                continue;
            }
            catch (ErrnoException re)
            {
                try
                {
                    _unmount(m.MountPoint);
                    _log($"unmounted: {m.MountPoint} ({m.FsType} {m.Source}; remount read-only failed: {re.Errno})");
                }
                catch (ErrnoException ue)
                {
                    failed.Add($"{m.MountPoint} ({m.FsType} {m.Source}): remount read-only {re.Errno} ({ErrnoText.Describe(re.Errno)}), unmount {ue.Errno}");
                }
            }
        }
        Sync.Invoke();
        return failed;
    }
}
