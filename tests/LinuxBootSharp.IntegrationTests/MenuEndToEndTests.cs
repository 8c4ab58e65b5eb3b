using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace LinuxBootSharp.IntegrationTests;

/// <summary>
/// The product's main job in QEMU, driven through the serial console: lbs as /init scans a GPT
/// disk (ESP with BLS entries + ext4 /boot with Debian's grub.cfg) on virtio, an XFS /boot with a
/// RHEL blscfg config on AHCI, an isolinux ISO on NVMe and a disk with a corrupt GPT, shows the
/// menu, and kexecs the chosen entry, whose marker initramfs prints its command line.
/// </summary>
public sealed class MenuEndToEndTests(ITestOutputHelper output)
{
    private const string Down = "\u001b[B";
    private const string Up = "\u001b[A";
    private const string End = "\u001b[F";
    private const string Enter = "\r";

    private static readonly Regex TargetCmdline = new(@"LBS-TARGET-CMDLINE:(.*?)\r?$", RegexOptions.Multiline);

    private QemuMachine Boot(IEnumerable<string>? extra = null, string append = "")
    {
        var args = DiskSet.QemuArgs();
        args.AddRange(extra ?? []);
        return new QemuMachine(Artifacts.Kernel, Artifacts.Initramfs, "console=ttyS0 panic=-1 quiet " + append, args, new XunitSink(output));
    }

    /// <summary>Types keys on the serial console with a pause before each, as a person at a slow terminal would.</summary>
    private static void Type(QemuMachine vm, params string[] keys)
    {
        foreach (var k in keys)
        {
            Thread.Sleep(400);
            vm.Send(k);
        }
    }

    private static string BootedCmdline(QemuMachine vm)
    {
        vm.WaitFor(@"LBS-TARGET-DONE");
        return TargetCmdline.Match(vm.Output).Groups[1].Value;
    }

    [Fact]
    public void AutobootsTheMachineDefaultAndReportsTheCorruptDisk()
    {
        using var vm = Boot();
        vm.WaitFor(@"lbs: menu: drawing \d+ entries");
        var cmdline = BootedCmdline(vm);
        Assert.Contains("lbs.marker=debian-default", cmdline);
        Assert.Contains("root=UUID=", cmdline);
        // The corrupt disk is named with what is wrong; the other disks still gave entries.
        Assert.Matches(@"vdb.*(CRC|crc|GPT|gpt)", vm.Output);
        Assert.Contains("lbs: booting 'Debian GNU/Linux'", vm.Output);
        vm.WaitForExit();
    }

    [Fact]
    public void ArrowsChooseTheThirdEntry()
    {
        using var vm = Boot();
        vm.WaitFor(@"lbs: menu: drawing \d+ entries");
        // Top level: Debian (default), the "Advanced options" submenu, "UEFI Firmware Settings"
        // (listed by Debian's grub.cfg, not bootable from LinuxBoot), then the third Debian entry.
        Type(vm, Down, Down, Enter);
        // The 3rd entry cannot be kexec'd: Enter shows why, and nothing boots.
        vm.WaitFor(@"fwsetup: enters the firmware setup", TimeSpan.FromSeconds(30));
        Assert.DoesNotContain("LBS-TARGET", vm.Output);
        Type(vm, Down, Enter);
        var cmdline = BootedCmdline(vm);
        Assert.Contains("lbs.marker=debian-third", cmdline);
    }

    [Fact]
    public void EditedCommandLineReachesTheTarget()
    {
        using var vm = Boot();
        vm.WaitFor(@"lbs: menu: drawing \d+ entries");
        Type(vm, "e", End, " lbs.edited=yes", Enter);
        var cmdline = BootedCmdline(vm);
        Assert.Contains("lbs.marker=debian-default", cmdline);
        Assert.EndsWith("lbs.edited=yes no_timer_check", cmdline.Trim());
    }

    [Fact]
    public void FailedLoadComesBackToTheMenuWithTheError()
    {
        using var vm = Boot();
        vm.WaitFor(@"lbs: menu: drawing \d+ entries");
        // Top level: 1 Debian, 2 Advanced >, 3 UEFI, 4 third, 5 BLS A, 6 BLS B, 7 BLS C (broken).
        Type(vm, "7", Enter);
        vm.WaitFor(@"load failed: .*ENOEXEC", TimeSpan.FromSeconds(60));
        Assert.DoesNotContain("LBS-TARGET", vm.Output);
        // Still the menu: the entry above it boots.
        Type(vm, Up, Enter);
        var cmdline = BootedCmdline(vm);
        Assert.Contains("lbs.marker=bls-b", cmdline);
    }

    [Fact]
    public void MenuIsDrawnOnEveryConsoleAndTheTypingOneDrives()
    {
        // ttyS0 is this test's stdio; ttyS1 goes to a file. Both are named by console=.
        var second = Path.Combine(Artifacts.Scratch("two-consoles"), "ttyS1.log");
        File.Delete(second);
        using var vm = Boot(["-serial", "file:" + second], "console=ttyS1 console=ttyS0");
        vm.WaitFor(@"lbs: consoles: (ttyS0, ttyS1|ttyS1, ttyS0)");
        vm.WaitFor(@"lbs: menu: drawing \d+ entries");
        Type(vm, Down, Enter);
        // Enter on the "Advanced options" submenu opens it; its first entry boots.
        Type(vm, Enter);
        var cmdline = BootedCmdline(vm);
        Assert.Contains("lbs.marker=debian-adv", cmdline);
        var other = File.ReadAllText(second);
        Assert.Contains("LinuxBootSharp", other);
        Assert.Contains("Debian GNU/Linux (third entry)", other);
    }

    [Fact]
    public void IsoAndXfsEntriesBootFromTheirControllers()
    {
        // Digits jump: find the RHEL and ISO entries' positions from the scan log, then boot the ISO's.
        using var vm = Boot();
        vm.WaitFor(@"lbs: menu: drawing \d+ entries");
        Assert.Matches(@"lbs:\s+/dev/sda: msdos, 1 file system\(s\): xfs 'rhel-boot'", vm.Output);
        Assert.Matches(@"lbs:\s+/dev/nvme0n1: .*iso9660 'DEBIAN_INSTALL'", vm.Output);
        Type(vm, End, Enter);
        var cmdline = BootedCmdline(vm);
        // The last top-level entry is the ISO's second label.
        Assert.Contains("lbs.marker=iso-rescue", cmdline);
    }

    [Fact]
    public void HungDeviceDoesNotHoldTheMenuBeyondTheDeadline()
    {
        // A disk whose every read takes 4 s (QEMU's null-co driver with latency): lbs must give up
        // on it after the board's 2 s deadline and show the menu with the other disks' entries.
        using var vm = Boot(
        [
            "-drive", "driver=null-co,size=67108864,latency-ns=4000000000,read-zeroes=on,if=none,id=slow",
            "-device", "virtio-blk-pci,drive=slow",
        ]);
        var scan = vm.WaitFor(@"^\[\s*([\d.]+)\] lbs: scanning \d+ disk\(s\)", TimeSpan.FromSeconds(400));
        var menu = vm.WaitFor(@"^\[\s*([\d.]+)\] lbs: menu: drawing (\d+) entries", TimeSpan.FromSeconds(60));
        double t0 = double.Parse(scan.Groups[1].Value, CultureInfo.InvariantCulture);
        double t1 = double.Parse(menu.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Matches(@"no answer within 2 s", vm.Output);
        Assert.True(int.Parse(menu.Groups[2].Value, CultureInfo.InvariantCulture) >= 8, "the other disks' entries are listed");
        // Deadline (2 s) for the scan plus slack for TCG; not the 4 s+ a single read of the slow disk takes.
        Assert.True(t1 - t0 < 3.9, $"menu came {t1 - t0:0.00} s after the scan started");
        var cmdline = BootedCmdline(vm);
        Assert.Contains("lbs.marker=debian-default", cmdline);
    }

    [Fact]
    public void DiskPluggedInDuringTheCountdownIsListedAndBootsWithLoadProgress()
    {
        // A USB stick plugged in while the menu counts down. QEMU hot-adds a SCSI disk on a
        // virtio-scsi controller (a USB stick is a SCSI disk to the kernel as well); the menu
        // notices the new disk, rescans, lists its entry, and the entry boots.
        using var vm = Boot(
        [
            "-device", "virtio-scsi-pci,id=scsi0",
            "-drive", $"file={DiskSet.Path("disk5-late.img")},if=none,id=late,format=raw,readonly=on",
        ], append: "lbs.timeout=40");
        vm.WaitFor(@"lbs: menu: drawing \d+ entries, timeout 40 s");
        Assert.DoesNotContain("Late USB Linux", vm.Output);
        var reply = vm.Monitor("device_add scsi-hd,drive=late,bus=scsi0.0,id=latedisk");
        Assert.DoesNotContain("rror", reply);
        vm.WaitFor(@"rescanned: \d+ entries", TimeSpan.FromSeconds(30));
        vm.WaitFor(@"Late USB Linux");
        // Its disk (sdb) sorts after the AHCI disk and before the NVMe ISO's two entries.
        Type(vm, End, Up, Up, Enter);
        // Its second initrd is 24 MiB: the menu shows how far loading has got.
        vm.WaitFor(@"loading \S*/late/padding\.img: \d+ / 24 MiB");
        var cmdline = BootedCmdline(vm);
        Assert.Contains("lbs.marker=late-disk", cmdline);
    }
}
