using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace LinuxBootSharp.IntegrationTests;

/// <summary>
/// The host commands (issue 19) against Debian's kernel inside QEMU guests where lbs runs as an
/// ordinary program (<see cref="HostGuest"/>): kexec-tools' command line through the `kexec`
/// symlink, --status/-u, verified hashes, the in-memory hand-off archive, `lbs boot ENTRY` with its
/// sync + read-only remount path, grub-reboot's next_entry, raw kexec_load segments, and Debian's
/// netboot installer reached over a serial console after a sha256sum check.
/// </summary>
public sealed class HostModeTests(ITestOutputHelper output)
{
    private const string TargetCmd = "console=ttyS0 panic=-1 quiet no_timer_check";

    private static string Hex(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    private static string Sha256OfFile(string path)
    {
        using var s = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(s));
    }

    private static string Marker(QemuMachine vm, string name) => vm.WaitFor($@"^HM {Regex.Escape(name)}=(\S*)\r?$").Groups[1].Value;

    [Fact]
    public void KexecToolsCommandLineLoadsUnloadsAndExecutesWithHandoffFiles()
    {
        var target = TargetImages.HandoffInitrd();
        var zero = new string('0', 64);
        var script = string.Join('\n',
            "kexec -l -S; echo \"HM status-before=$?\"",
            $"kexec -l /boot/vmlinuz --initrd=/boot/target.cpio --append=\"{TargetCmd} hm=1\"; echo \"HM load=$?\"",
            "kexec -l -S; echo \"HM status-loaded=$?\"",
            "kexec -u; echo \"HM unload=$?\"",
            "kexec -l -S; echo \"HM status-unloaded=$?\"",
            $"kexec -l /boot/vmlinuz --sha256={zero} --initrd=/boot/target.cpio; echo \"HM badsha=$?\"",
            "kexec -l -S; echo \"HM status-badsha=$?\"",
            "kexec --mem-min=0x100000 -l /boot/vmlinuz; echo \"HM memmin=$?\"",
            "kexec -e; echo \"HM exec-nothing=$?\"",
            "lbs scan /dev/vda > /tmp/scan.txt; echo \"HM scan=$?\"",
            "find / -xdev -type f -newer /init | grep -v '^/tmp/scan.txt$' | wc -l > /tmp/new-before",
            $"echo -n stdin-key | kexec -l /boot/vmlinuz --initrd=/boot/target.cpio --sha256={Hex(target)} --append=\"{TargetCmd} hm=2\" --append-cpio=.lbs/secret=/boot/secret.txt --append-cpio=/.lbs/key=-; echo \"HM load2=$?\"",
            "echo \"HM new-files=$(find / -xdev -type f -newer /init | grep -v '^/tmp/' | wc -l)\"",
            "kexec -e");
        var guest = HostGuest.Build("host-kexec-cli", script,
        [
            ("boot/vmlinuz", File.ReadAllBytes(Artifacts.Kernel)),
            ("boot/target.cpio", target),
            ("boot/secret.txt", Encoding.ASCII.GetBytes("s3cret-token")),
        ], HostGuest.VirtioBlkModules());
        // A disk the guest reads (lbs scan) while lbs loads: written back to the host file if anything wrote to it.
        var disk = Path.Combine(Artifacts.Scratch("host-kexec-cli"), "disk.img");
        File.Copy(Path.Combine(LinuxBootSharp.Tests.Shared.RepoPaths.Build, "disks", "disk1-gpt.img"), disk, true);
        var before = Sha256OfFile(disk);
        using (var vm = new QemuMachine(Artifacts.Kernel, guest, "console=ttyS0 panic=-1 quiet", ["-drive", $"file={disk},format=raw,if=virtio"], new XunitSink(output)))
        {
            Assert.Equal("0", Marker(vm, "status-before"));
            Assert.Equal("0", Marker(vm, "load"));
            Assert.Equal("1", Marker(vm, "status-loaded"));
            Assert.Equal("0", Marker(vm, "unload"));
            Assert.Equal("0", Marker(vm, "status-unloaded"));
            Assert.Equal("255", Marker(vm, "badsha"));
            Assert.Matches($"/boot/vmlinuz: SHA-256 mismatch: expected {zero}, got {Regex.Escape(Hex(File.ReadAllBytes(Artifacts.Kernel)))}; nothing loaded", vm.Output);
            Assert.Equal("0", Marker(vm, "status-badsha"));
            Assert.Equal("1", Marker(vm, "memmin"));
            Assert.Contains("--mem-min is not supported by lbs", vm.Output);
            Assert.Equal("1", Marker(vm, "exec-nothing"));
            Assert.Contains("Nothing has been loaded!", vm.Output);
            Assert.Equal("0", Marker(vm, "scan"));
            Assert.Equal("0", Marker(vm, "load2"));
            Assert.Equal("0", Marker(vm, "new-files"));
            var cmd = vm.WaitFor(Regex.Escape(TargetImages.CmdlineMarker) + @"(.*)\r?$");
            vm.WaitFor(TargetImages.DoneMarker);
            Assert.Equal($"{TargetCmd} hm=2", cmd.Groups[1].Value.Trim());
            Assert.Contains(TargetImages.HandoffMarker + "/.lbs/secret size=12 mode=600 content=s3cret-token", vm.Output);
            Assert.Contains(TargetImages.HandoffMarker + "/.lbs/key size=9 mode=600 content=stdin-key", vm.Output);
            Assert.Contains(TargetImages.HandoffMarker + "/.lbs/random-seed size=512 mode=600 content=seed", vm.Output);
            Assert.DoesNotContain("Kernel panic", vm.Output);
        }
        Assert.Equal(before, Sha256OfFile(disk));
    }

    /// <summary>What grub-editenv makes of <paramref name="seed"/> (null: no file yet) after the given sets.</summary>
    private static byte[] GrubEditenv(byte[]? seed, params string[] sets)
    {
        var f = Path.Combine(Artifacts.Scratch("grub-editenv"), Guid.NewGuid().ToString("N"));
        if (seed is not null)
            File.WriteAllBytes(f, seed);
        foreach (var s in sets)
        {
            var psi = new ProcessStartInfo("grub-editenv", [f, "set", s]) { RedirectStandardError = true };
            using var p = Process.Start(psi)!;
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, $"grub-editenv {f} set {s}: {p.StandardError.ReadToEnd()}");
        }
        var bytes = File.ReadAllBytes(f);
        File.Delete(f);
        return bytes;
    }

    [Fact]
    public void BootEntryWritesNextEntryThenTakesTheSyncRemountPath()
    {
        const string grubCfg =
            "set timeout=5\n" +
            "menuentry 'Target' --id target-1 {\n  linux /boot/vmlinuz " + TargetCmd + " hm=entry\n  initrd /boot/target-a.cpio /boot/target-b.cpio\n}\n" +
            "submenu 'More options' {\n  menuentry 'Second' --id second-2 {\n    linux /boot/vmlinuz " + TargetCmd + " hm=second\n  }\n}\n";
        var seed = GrubEditenv(null, "saved_entry=target-1");
        var script = string.Join('\n',
            "cp /boot/grubenv-seed /tmp/grubenv",
            "lbs boot 'More options>Second' --from /testroot --reboot-instead --grubenv /tmp/grubenv --load-only; echo \"HM reboot-write=$?\"",
            "echo HM-GRUBENV-BEGIN; base64 /tmp/grubenv; echo HM-GRUBENV-END",
            "lbs boot 'No such entry' --from /testroot --dry-run; echo \"HM nosuch=$?\"",
            "lbs boot 1 --from /testroot --dry-run; echo \"HM dry=$?\"",
            "lbs boot target-1 --from /testroot");
        var kernel = File.ReadAllBytes(Artifacts.Kernel);
        var guest = HostGuest.Build("host-boot-entry", script,
        [
            ("testroot/boot/grub/grub.cfg", Encoding.ASCII.GetBytes(grubCfg)),
            ("testroot/boot/vmlinuz", kernel),
            ("testroot/boot/target-a.cpio", TargetImages.InitrdA()),
            ("testroot/boot/target-b.cpio", TargetImages.InitrdB()),
            ("boot/grubenv-seed", seed),
        ]);
        using var vm = new QemuMachine(Artifacts.Kernel, guest, "console=ttyS0 panic=-1 quiet", sink: new XunitSink(output));
        Assert.Equal("0", Marker(vm, "reboot-write"));
        var b64 = vm.WaitFor(@"HM-GRUBENV-BEGIN\r?\n(?<b>[\s\S]*?)HM-GRUBENV-END").Groups["b"].Value;
        var written = Convert.FromBase64String(Regex.Replace(b64, @"\s", ""));
        Assert.Equal(GrubEditenv(seed, "next_entry=More options>second-2"), written);
        Assert.Contains("lbs: set next_entry = 'More options>second-2' in /tmp/grubenv", vm.Output);
        Assert.Equal("1", Marker(vm, "nosuch"));
        Assert.Contains("lbs boot: no entry 'No such entry'", vm.Output);
        Assert.Equal("0", Marker(vm, "dry"));
        // The menu's details for the entry, then the plan.
        Assert.Matches(@"lbs:   kernel: /boot/vmlinuz \([\d,]+ bytes\)", vm.Output);
        Assert.Contains("lbs: dry run: nothing loaded, nothing executed", vm.Output);
        vm.WaitFor("lbs: no systemd as PID 1: syncing and remounting every file system read-only");
        vm.WaitFor(@"lbs: remounted read-only: /tmp \(tmpfs tmp\)");
        var cmd = vm.WaitFor(Regex.Escape(TargetImages.CmdlineMarker) + @"(.*)\r?$");
        vm.WaitFor(TargetImages.DoneMarker);
        Assert.Equal($"BOOT_IMAGE=/boot/vmlinuz {TargetCmd} hm=entry", cmd.Groups[1].Value.Trim());
        Assert.Contains(TargetImages.InitrdMarker + "/target-b=second", vm.Output);
    }

    /// <summary>
    /// A flat 64-bit binary that polls the 16550's line status (0x3fd bit 5, transmitter empty),
    /// writes the marker to 0x3f8, then writes to QEMU's isa-debug-exit port: position-independent
    /// (RIP-relative), no stack, as relocate_kernel_64.S enters it (long mode, identity map, IF=0).
    /// </summary>
    private static byte[] FlatMarkerBinary(string dir)
    {
        const string asm = """
            .code64
            .globl _start
            _start:
                lea msg(%rip), %rsi
            next:
                movb (%rsi), %bl
                testb %bl, %bl
                jz done
                mov $0x3fd, %dx
            wait:
                inb %dx, %al
                testb $0x20, %al
                jz wait
                mov $0x3f8, %dx
                movb %bl, %al
                outb %al, %dx
                inc %rsi
                jmp next
            done:
                mov $0xf4, %dx
                mov $0x10, %al
                outb %al, %dx
            halt:
                hlt
                jmp halt
            msg:
                .asciz "\r\nLBS-RAW-SEGMENT-ENTERED 64-bit\r\n"
            """;
        var s = Path.Combine(dir, "flat.s");
        File.WriteAllText(s, asm);
        Run("as", "--64", "-o", Path.Combine(dir, "flat.o"), s);
        Run("ld", "-Ttext=0x1000000", "-e", "_start", "--oformat", "binary", "-o", Path.Combine(dir, "flat.bin"), Path.Combine(dir, "flat.o"));
        return File.ReadAllBytes(Path.Combine(dir, "flat.bin"));
    }

    private static void Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{file} {string.Join(' ', args)}: {err}");
    }

    [Fact]
    public void RawSegmentsAreEnteredByKexecLoad()
    {
        var flat = FlatMarkerBinary(Artifacts.Scratch("host-raw"));
        var script = string.Join('\n',
            "kexec -s -l --segment=/boot/flat.bin@0x1000000 --entry=0x1000000; echo \"HM raw-with-s=$?\"",
            "kexec -c -l --segment=/boot/flat.bin@0x1000001 --entry=0x1000000; echo \"HM unaligned=$?\"",
            "kexec -c -d -l --segment=/boot/flat.bin@0x1000000 --entry=0x1000000; echo \"HM raw=$?\"",
            "kexec -l -S; echo \"HM raw-status=$?\"",
            "kexec -e");
        var guest = HostGuest.Build("host-raw", script, [("boot/flat.bin", flat)]);
        using var vm = new QemuMachine(Artifacts.Kernel, guest, "console=ttyS0 panic=-1 quiet", ["-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"], new XunitSink(output));
        Assert.Equal("1", Marker(vm, "raw-with-s"));
        Assert.Equal("255", Marker(vm, "unaligned"));
        Assert.Contains("not page-aligned", vm.Output);
        Assert.Equal("0", Marker(vm, "raw"));
        Assert.Matches(@"segment /boot/flat.bin: \d+ bytes at 0x1000000, memory 0x1000", vm.Output);
        Assert.Equal("1", Marker(vm, "raw-status"));
        vm.WaitFor("LBS-RAW-SEGMENT-ENTERED 64-bit");
        vm.WaitForExit();
    }

    [Fact]
    public void NetbootInstallerIsCheckedThenReachesItsFirstDialog()
    {
        var dir = Path.Combine(LinuxBootSharp.Tests.Shared.RepoPaths.Build, "netboot", "text", "debian-installer", "amd64");
        var linux = File.ReadAllBytes(Path.Combine(dir, "linux"));
        var initrd = File.ReadAllBytes(Path.Combine(dir, "initrd.gz"));
        var good = $"{Hex(linux)}  linux\n{Hex(initrd)}  initrd.gz\n";
        var badInitrd = new string('f', 64);
        var bad = $"{Hex(linux)}  linux\n{badInitrd} *initrd.gz\n";
        var script = string.Join('\n',
            "cd /nb",
            "kexec -l linux --initrd=initrd.gz --sha256-file=BADSUMS --append=\"console=ttyS0\"; echo \"HM bad=$?\"",
            "kexec -l -S; echo \"HM bad-status=$?\"",
            "kexec -l linux --initrd=initrd.gz --sha256-file=SHA256SUMS --append=\"console=ttyS0,115200 no_timer_check\"; echo \"HM good=$?\"",
            "kexec -e");
        var guest = HostGuest.Build("host-netboot", script,
        [
            ("nb/linux", linux), ("nb/initrd.gz", initrd),
            ("nb/SHA256SUMS", Encoding.ASCII.GetBytes(good)), ("nb/BADSUMS", Encoding.ASCII.GetBytes(bad)),
        ]);
        using var vm = new QemuMachine(Artifacts.Kernel, guest, "console=ttyS0 panic=-1 quiet", sink: new XunitSink(output), memoryMb: 2048);
        Assert.Equal("255", Marker(vm, "bad"));
        Assert.Contains($"initrd.gz: SHA-256 mismatch: expected {badInitrd}, got {Hex(initrd)}; nothing loaded", vm.Output);
        Assert.Equal("0", Marker(vm, "bad-status"));
        Assert.Equal("0", Marker(vm, "good"));
        // debian-installer's first question (localechooser) on the serial console's newt frontend.
        vm.WaitFor(@"Select a language|Choose the language", TimeSpan.FromSeconds(420));
    }
}
