using LinuxBootSharp.Interop;

namespace LinuxBootSharp.Boot.Init;

/// <summary>The pseudo file systems PID 1 needs. Debian's kernel does not set DEVTMPFS_MOUNT, so /dev is ours to mount.</summary>
public static class SystemMounts
{
    public static readonly (string Source, string Target, string Type, ulong Flags, string? Data)[] Table =
    [
        ("proc", "/proc", "proc", Mount.NoSuid | Mount.NoDev | Mount.NoExec, null),
        ("sysfs", "/sys", "sysfs", Mount.NoSuid | Mount.NoDev | Mount.NoExec, null),
        ("devtmpfs", "/dev", "devtmpfs", Mount.NoSuid, "mode=0755"),
        ("tmpfs", "/run", "tmpfs", Mount.NoSuid | Mount.NoDev, "mode=0755"),
    ];

    /// <summary>Mounts each; EBUSY (already mounted) is fine; other failures are reported and the rest continue.</summary>
    public static void MountAll(BootLog log)
    {
        foreach (var (src, target, type, flags, data) in Table)
        {
            try
            {
                if (!SysFile.Exists(target))
                    Directory.CreateDirectory(target);
                Mount.Invoke(src, target, type, flags, data);
            }
            catch (ErrnoException e) when (e.Errno == Errno.EBUSY)
            {
            }
            catch (Exception e)
            {
                log.Error($"mount {type} on {target}: {e.Message}");
            }
        }
    }
}
