using System.Diagnostics;
using LinuxBootSharp.Tests.Shared;
using static LinuxBootSharp.BootConfig.Tests.GrubTestSupport;

namespace LinuxBootSharp.BootConfig.Tests;

/// <summary><c>loopback</c> through the real ISO9660 reader, on an image made by xorriso.</summary>
public sealed class GrubLoopbackIsoTests
{
    private static byte[] MakeIso()
    {
        var dir = Path.Combine(RepoPaths.TestData, "grub-loopback");
        var iso = Path.Combine(dir, "live.iso");
        if (File.Exists(iso))
            return File.ReadAllBytes(iso);
        var src = Path.Combine(dir, "src");
        Directory.CreateDirectory(Path.Combine(src, "casper"));
        File.WriteAllText(Path.Combine(src, "casper", "vmlinuz"), "kernel-bytes");
        File.WriteAllText(Path.Combine(src, "casper", "initrd"), "initrd-bytes");
        var psi = new ProcessStartInfo("xorriso", ["-as", "mkisofs", "-quiet", "-R", "-J", "-V", "LIVE_2204", "-o", iso + ".tmp", src])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var p = Process.Start(psi)!;
        p.WaitForExit(60_000);
        Assert.True(p.ExitCode == 0, "xorriso failed: " + p.StandardError.ReadToEnd());
        File.Move(iso + ".tmp", iso, overwrite: true);
        return File.ReadAllBytes(iso);
    }

    [Fact]
    public void Entry_boots_kernel_and_initrd_from_inside_an_iso_file()
    {
        var home = Volume("/dev/vda2", uuid: "11111111-2222-3333-4444-555555555555", disk: 0, part: 2);
        home.AddFile("/isos/live.iso", MakeIso());
        var e = Single(Eval("""
            menuentry "Live from ISO" {
              set isofile="/isos/live.iso"
              loopback loop $isofile
              linux (loop)/casper/vmlinuz boot=casper iso-scan/filename=${isofile} quiet
              initrd (loop)/casper/initrd
            }
            """, home));
        Assert.True(e.IsBootable, string.Join("; ", e.Diagnostics));
        Assert.Equal("iso9660", e.Kernel!.Tree.Identity.Type);
        Assert.Equal("/casper/vmlinuz", e.Kernel.Path);
        Assert.Equal(12, e.Kernel.Size());
        using (var s = e.Initrds[0].Tree.OpenRead(e.Initrds[0].Path))
        using (var r = new StreamReader(s))
            Assert.Equal("initrd-bytes", r.ReadToEnd());
        Assert.Equal("boot=casper iso-scan/filename=/isos/live.iso quiet", e.Cmdline);
    }

    [Fact]
    public void A_file_that_is_not_an_iso_gives_a_diagnostic_on_the_entry()
    {
        var home = Volume("/dev/vda2", disk: 0, part: 2);
        home.AddFile("/isos/bad.iso", new byte[64 * 1024]);
        var e = Single(Eval("menuentry x { loopback loop /isos/bad.iso; linux (loop)/vmlinuz }", home));
        Assert.Null(e.Kernel);
        Assert.Contains(e.Diagnostics, d => d.Message.StartsWith("loopback: cannot open '/isos/bad.iso'", StringComparison.Ordinal) && d.Line == 1);
    }
}
