using LinuxBootSharp.BootConfig.Syslinux;
using LinuxBootSharp.Storage;
using LinuxBootSharp.Tests.Shared;

namespace LinuxBootSharp.BootConfig.Tests;

/// <summary>
/// The syslinux corpus cases where we deviate from a peer (KnownDeviations.Bls-Syslinux.md): here
/// the result syslinux itself gives is asserted in full, so the deviation cannot hide a regression.
/// </summary>
public class SyslinuxCorpusTests
{
    private static ConfigParseResult Uroot(string name)
    {
        var t = new DirectoryFileTree(Path.Combine(RepoPaths.Corpus, "u-root/pkg/boot/syslinux/testdata", name));
        return new SyslinuxParser().Parse(t, [t]);
    }

    private static ConfigParseResult Petitboot(string test)
    {
        var (tree, _, doc) = PetitbootChecks.BuildTree(Path.Combine(PetitbootChecks.DataDir, "expected", test + ".json"));
        doc.Dispose();
        return new SyslinuxParser().Parse(tree, [tree]);
    }

    [CorpusFact]
    public void Debian10InstallerMenusAsSyslinuxShowsThem()
    {
        var r = Uroot("debian_10_install");
        Assert.Equal(20, r.Entries.Count);
        Assert.All(r.Entries, e => Assert.Equal("/install.amd/vmlinuz", e.Kernel!.Path));
        Assert.Equal(Timeout.InfiniteTimeSpan, r.Timeout); // vesamenu.c32 with TIMEOUT 0: wait
        var def = Assert.Single(r.Entries, e => e.IsDefault);
        // ldlinux boots "BOOT_IMAGE=<kernel as written> <APPEND verbatim>", initrd= included.
        Assert.Equal(("installgui", "Graphical install", "vga=788 initrd=/install.amd/gtk/initrd.gz --- quiet "), (def.Id, def.Title, def.Cmdline));
        Assert.Equal("BOOT_IMAGE=/install.amd/vmlinuz vga=788 initrd=/install.amd/gtk/initrd.gz --- quiet ", def.KernelCmdline());
        Assert.Equal(["/install.amd/gtk/initrd.gz"], def.Initrds.Select(i => i.Path));
        var groups = r.Entries.GroupBy(e => string.Join(" > ", e.SubmenuPath)).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(3, groups[""]);
        Assert.Equal(6, groups["Advanced options"]);
        Assert.Equal(3, groups["Advanced options > Speech-enabled advanced options"]);
        Assert.Equal(2, groups["Accessible dark contrast installer menu"]);
        Assert.Equal(6, groups["Accessible dark contrast installer menu > Advanced options"]);
        var darkInstall = r.Entries.Single(e => e.SubmenuPath.SequenceEqual(["Accessible dark contrast installer menu"]) && e.Title == "Install");
        Assert.Equal("vga=788 theme=dark --- quiet", ConformanceCorpus.NormalizeCmdline(darkInstall.Cmdline));
        Assert.DoesNotContain(r.Entries, e => e.Title.Contains('^'));
    }

    [CorpusFact]
    public void Debian9LiveDefaultAndTimeout()
    {
        var r = Uroot("debian_9_install");
        var def = Assert.Single(r.Entries, e => e.IsDefault);
        Assert.Equal("Debian GNU/Linux Live (kernel 4.9.0-3-amd64)", def.Title);
        Assert.Equal("boot=live components", ConformanceCorpus.NormalizeCmdline(def.Cmdline));
        Assert.Equal(Timeout.InfiniteTimeSpan, r.Timeout);
    }

    [CorpusFact]
    public void QubesMultibootAndLocalboot()
    {
        var r = Uroot("qubes_3_2_install");
        Assert.Equal(TimeSpan.FromSeconds(60), r.Timeout); // timeout 600 tenths
        Assert.Equal(4, r.Entries.Count(e => e.Properties.ContainsKey("multiboot")));
        Assert.Equal("check", Assert.Single(r.Entries, e => e.IsDefault).Id);
        var local = r.Entries.Single(e => e.Id == "local");
        Assert.Contains("LOCALBOOT", local.NotBootableReason);
        Assert.Equal(["Troubleshooting"], local.SubmenuPath);
    }

    [CorpusFact]
    public void PetitbootGlobalAppendAsSyslinuxDoesIt()
    {
        var r = Petitboot("test-syslinux-global-append");
        Assert.Equal([("linux", "console=tty0"), ("backup", "root=/dev/sdb"), ("hyphen", ""), ("onlyglobal", "console=ttyS0")],
            r.Entries.Select(e => (e.Id!, ConformanceCorpus.NormalizeCmdline(e.Cmdline))));
        Assert.Equal(["/boot/initrd"], r.Entries[1].Initrds.Select(i => i.Path));
    }

    [CorpusFact]
    public void PetitbootNestedConfigAsSyslinuxDoesIt()
    {
        var r = Petitboot("test-syslinux-nested-config");
        var bootable = r.Entries.Where(e => e.IsBootable).Select(e => (e.Id!, e.Kernel!.Path, ConformanceCorpus.NormalizeCmdline(e.Cmdline))).ToList();
        Assert.Equal([("backup", "/backup/vmlinuz", "root=/dev/sdb"), ("boot", "/bzImage-boot", "root=/dev/sda"), ("linux", "/boot/bzImage", "root=/dev/sdc")], bootable);
        Assert.True(r.Entries.Single(e => e.Id == "boot").IsDefault);
        // FDIMAGE, COMBOOT (.com), COM32 and .bss labels are listed, not bootable.
        Assert.Equal(["floppy", "comboot", "com32", "bss"], r.Entries.Where(e => !e.IsBootable).Select(e => e.Id!));
    }
}
