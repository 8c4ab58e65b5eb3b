using System.Text;
using LinuxBootSharp.Initramfs;

namespace LinuxBootSharp.IntegrationTests;

/// <summary>
/// A busybox guest that runs lbs as an ordinary program, the way a running Linux system does
/// (not as PID 1: busybox sh is /init): /bin/lbs, /sbin/kexec -> /bin/lbs (the argv[0] dispatch),
/// proc, sysfs, devtmpfs and a tmpfs on /tmp mounted, then the test's script, whose lines print
/// markers. No systemd: `lbs boot` takes its own sync + read-only remount path.
/// </summary>
public static class HostGuest
{
    public const string ScriptDone = "HOST-GUEST-SCRIPT-END";

    /// <param name="modules">Kernel modules to insmod first, in order (paths in the build's module tree).</param>
    public static string Build(string name, string script, IEnumerable<(string Path, byte[] Data)> files, IEnumerable<string>? modules = null, IReadOnlySet<string>? executables = null)
    {
        var sb = new StringBuilder();
        sb.Append("#!/bin/busybox sh\n")
          .Append("/bin/busybox --install -s /bin\n")
          .Append("export PATH=/sbin:/bin\n")
          .Append("mkdir -p /proc /sys /dev /tmp /run\n")
          .Append("mount -t proc proc /proc\nmount -t sysfs sys /sys\nmount -t devtmpfs dev /dev\nmount -t tmpfs tmp /tmp\n");
        var b = new InitramfsBuilder()
            .Add(CpioEntry.Executable("bin/busybox", File.ReadAllBytes(Artifacts.Busybox)))
            .Add(CpioEntry.Executable("bin/lbs", File.ReadAllBytes(Artifacts.Lbs)))
            .Add(CpioEntry.Symlink("sbin/kexec", "/bin/lbs"))
            .Add(CpioEntry.CharDevice("dev/console", 5, 1))
            .Add(CpioEntry.CharDevice("dev/urandom", 1, 9));
        int m = 0;
        foreach (var mod in modules ?? [])
        {
            var at = $"modules/{m++:00}-{Path.GetFileName(mod)}";
            b.Add(CpioEntry.File(at, File.ReadAllBytes(mod)));
            sb.Append($"insmod /{at}\n");
        }
        sb.Append(script).Append($"\necho {ScriptDone}\npoweroff -f\n");
        b.Add(CpioEntry.Executable("init", Encoding.ASCII.GetBytes(sb.ToString())));
        foreach (var (path, data) in files)
            b.Add(executables?.Contains(path) == true ? CpioEntry.Executable(path, data) : CpioEntry.File(path, data));
        var file = Path.Combine(Artifacts.Scratch(name), "host-guest.cpio");
        using (var fs = File.Create(file))
            b.WriteTo(fs, 0);
        return file;
    }

    /// <summary>The virtio-blk driver and what it needs, in load order (from the modules' own depends=).</summary>
    public static IEnumerable<string> VirtioBlkModules()
    {
        var dir = Path.Combine(LinuxBootSharp.Tests.Shared.RepoPaths.Build, "kernel", "lib", "modules", Artifacts.KernelVersion);
        foreach (var rel in new ModuleResolver(dir).Resolve(["virtio_pci", "virtio_blk"]))
            yield return Path.IsPathRooted(rel) ? rel : Path.Combine(dir, rel);
    }
}
