using System.Text;
using LinuxBootSharp.Initramfs;

namespace LinuxBootSharp.IntegrationTests;

/// <summary>
/// The "target" side of a kexec test: initrds for the second kernel. Initrd A holds busybox and
/// an /init that prints its /proc/cmdline and which initrd files arrived, then powers off;
/// initrd B only adds /target-b. Built with our own cpio writer.
/// </summary>
public static class TargetImages
{
    public const string CmdlineMarker = "LBS-TARGET-CMDLINE:";
    public const string InitrdMarker = "LBS-TARGET-INITRD:";
    public const string DoneMarker = "LBS-TARGET-DONE";

    public static readonly string TargetInit =
        "#!/bin/busybox sh\n" +
        "/bin/busybox mkdir -p /proc\n" +
        "/bin/busybox mount -t proc proc /proc\n" +
        $"echo \"{CmdlineMarker}$(/bin/busybox cat /proc/cmdline)\"\n" +
        "for f in /target-a /target-b; do\n" +
        $"  [ -f $f ] && echo \"{InitrdMarker}$f=$(/bin/busybox cat $f)\"\n" +
        "done\n" +
        $"echo {DoneMarker}\n" +
        "/bin/busybox poweroff -f\n";

    public static byte[] InitrdA() =>
        new InitramfsBuilder()
            .Add(CpioEntry.Executable("init", Encoding.ASCII.GetBytes(TargetInit)))
            .Add(CpioEntry.Executable("bin/busybox", File.ReadAllBytes(Artifacts.Busybox)))
            .Add(CpioEntry.Symlink("bin/sh", "busybox"))
            .Add(CpioEntry.CharDevice("dev/console", 5, 1))
            .Add(CpioEntry.File("target-a", Encoding.ASCII.GetBytes("first")))
            .ToArray(0);

    public static byte[] InitrdB() =>
        new InitramfsBuilder()
            .Add(CpioEntry.File("target-b", Encoding.ASCII.GetBytes("second")))
            .ToArray(0);

    /// <summary>
    /// The test's initrd for the first kernel: our flash initramfs followed by an uncompressed
    /// cpio with the files lbs.boot= names (the kernel unpacks concatenated archives in order).
    /// </summary>
    public static string LoaderInitrdWithPayload(string name, IEnumerable<(string Path, byte[] Data)> payload, IReadOnlySet<string>? executables = null)
    {
        var b = new InitramfsBuilder();
        foreach (var (path, data) in payload)
            b.Add(executables?.Contains(path) == true ? CpioEntry.Executable(path, data) : CpioEntry.File(path, data));
        var dir = Artifacts.Scratch(name);
        var file = Path.Combine(dir, "loader-initrd.img");
        using (var fs = File.Create(file))
        {
            var baseImage = File.ReadAllBytes(Artifacts.Initramfs);
            fs.Write(baseImage);
            // Align the next archive to 4 bytes (cpio headers are 4-byte aligned; the kernel skips zero padding).
            fs.Write(new byte[(4 - baseImage.Length % 4) % 4]);
            b.WriteTo(fs, 0);
        }
        return file;
    }

    public const string HandoffMarker = "LBS-TARGET-HANDOFF:";

    /// <summary>
    /// The target for the hand-off tests: prints its command line, what arrived under /.lbs (each
    /// file's size, and the contents of every file but the random seed), then powers off.
    /// </summary>
    public static byte[] HandoffInitrd()
    {
        var init =
            "#!/bin/busybox sh\n" +
            "/bin/busybox mkdir -p /proc\n" +
            "/bin/busybox mount -t proc proc /proc\n" +
            $"echo \"{CmdlineMarker}$(/bin/busybox cat /proc/cmdline)\"\n" +
            "for f in /.lbs/*; do\n" +
            "  [ -f \"$f\" ] || continue\n" +
            "  case $f in */random-seed) c=seed;; *) c=$(/bin/busybox cat $f);; esac\n" +
            $"  echo \"{HandoffMarker}$f size=$(/bin/busybox stat -c %s $f) mode=$(/bin/busybox stat -c %a $f) content=$c\"\n" +
            "done\n" +
            $"echo {DoneMarker}\n" +
            "/bin/busybox poweroff -f\n";
        return new InitramfsBuilder()
            .Add(CpioEntry.Executable("init", Encoding.ASCII.GetBytes(init)))
            .Add(CpioEntry.Executable("bin/busybox", File.ReadAllBytes(Artifacts.Busybox)))
            .Add(CpioEntry.Symlink("bin/sh", "busybox"))
            .Add(CpioEntry.CharDevice("dev/console", 5, 1))
            .ToArray(0);
    }
}
