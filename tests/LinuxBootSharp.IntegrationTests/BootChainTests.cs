using System.Text;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace LinuxBootSharp.IntegrationTests;

/// <summary>
/// The boot chain end to end: Debian's kernel boots our initramfs, lbs runs as PID 1, and
/// kexecs a target kernel named by lbs.boot= with the requested command line and initrds.
/// </summary>
public sealed class BootChainTests(ITestOutputHelper output)
{
    [Fact]
    public void KexecsTargetWithExactCmdlineAndBothInitrds()
    {
        const string targetCmdline = "console=ttyS0 panic=-1 quiet lbs.test=two-words marker=42 no_timer_check";
        var initrd = TargetImages.LoaderInitrdWithPayload("chain-two-initrds",
        [
            ("boot/vmlinuz", File.ReadAllBytes(Artifacts.Kernel)),
            ("boot/target-a.cpio", TargetImages.InitrdA()),
            ("boot/target-b.cpio", TargetImages.InitrdB()),
        ]);
        // The loader's own cmdline carries the request; lbs.append uses the kernel's quoting.
        var append = "console=ttyS0 panic=-1 quiet lbs.boot=/boot/vmlinuz lbs.initrd=/boot/target-a.cpio,/boot/target-b.cpio " +
                     "lbs.append=\"" + targetCmdline + "\"";
        using var vm = new QemuMachine(Artifacts.Kernel, initrd, append, sink: new XunitSink(output));
        vm.WaitFor(@"lbs: started as PID 1");
        vm.WaitFor(@"lbs: executing kexec");
        var cmd = vm.WaitFor(Regex.Escape(TargetImages.CmdlineMarker) + @"(.*)\r?$");
        vm.WaitFor(TargetImages.DoneMarker);
        vm.WaitForExit();

        // The kernel removes the quotes around a value, so what we asked for arrives without them.
        Assert.Equal(targetCmdline, cmd.Groups[1].Value.Trim());
        Assert.Contains(TargetImages.InitrdMarker + "/target-a=first", vm.Output);
        Assert.Contains(TargetImages.InitrdMarker + "/target-b=second", vm.Output);
        Assert.DoesNotContain("Kernel panic", vm.Output);
    }

    [Fact]
    public void FailedLoadsReportErrnoAndStayAlive()
    {
        var initrd = TargetImages.LoaderInitrdWithPayload("chain-bad-kernel",
        [
            ("boot/notakernel", Encoding.ASCII.GetBytes(new string('x', 4096))),
        ]);
        var append = "console=ttyS0 panic=-1 quiet lbs.boot=/boot/notakernel lbs.append=\"console=ttyS0\"";
        using var vm = new QemuMachine(Artifacts.Kernel, initrd, append, sink: new XunitSink(output));
        var m = vm.WaitFor(@"lbs: error: load failed: (.*)$");
        Assert.Contains("ENOEXEC", m.Groups[1].Value);
        Assert.Contains("not a bootable kernel image", m.Groups[1].Value);
        vm.WaitFor(@"lbs recovery:");
        // Still alive: Enter retries the flow, which fails the same way and comes back.
        vm.Send("\n");
        vm.WaitFor(@"(?s)lbs recovery:.*lbs recovery:");
        Assert.False(vm.HasExited);
        Assert.DoesNotContain("Kernel panic", vm.Output);
        Assert.DoesNotContain("Attempted to kill init", vm.Output);
    }

    [Fact]
    public void MissingKernelFileIsNamedAndStaysAlive()
    {
        var initrd = TargetImages.LoaderInitrdWithPayload("chain-missing", []);
        var append = "console=ttyS0 panic=-1 quiet lbs.boot=/boot/missing-vmlinuz";
        using var vm = new QemuMachine(Artifacts.Kernel, initrd, append, sink: new XunitSink(output));
        vm.WaitFor(@"lbs: error: load failed: /boot/missing-vmlinuz: no such file");
        vm.WaitFor(@"lbs recovery:");
        Thread.Sleep(500);
        Assert.False(vm.HasExited);
        Assert.DoesNotContain("Kernel panic", vm.Output);
    }
}
