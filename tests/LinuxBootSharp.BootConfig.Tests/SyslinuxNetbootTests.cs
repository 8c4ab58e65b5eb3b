using System.Text;
using LinuxBootSharp.BootConfig.Syslinux;
using LinuxBootSharp.Storage;
using LinuxBootSharp.Tests.Shared;
using Xunit.Abstractions;

namespace LinuxBootSharp.BootConfig.Tests;

/// <summary>Skipped with the reason unless qemu/fetch-netboot.sh has unpacked the Debian package.</summary>
public sealed class NetbootFactAttribute : FactAttribute
{
    public NetbootFactAttribute()
    {
        if (!File.Exists(Path.Combine(SyslinuxNetbootTests.Root, "text", "pxelinux.cfg", "default")))
            Skip = $"Debian netboot tree not found in {SyslinuxNetbootTests.Root} (run: qemu/fetch-netboot.sh {SyslinuxNetbootTests.Root}, or make netboot)";
    }
}

/// <summary>
/// The real artefact: debian-installer-12-netboot-amd64's TFTP trees (text and gtk), read as a
/// disk would hold them. pxelinux.cfg/default → ../boot-screens/syslinux.cfg names every file
/// relative to the TFTP root ("include debian-installer/amd64/boot-screens/menu.cfg"), runs
/// vesamenu.c32 as DEFAULT with TIMEOUT 0, and the menu.cfg it includes defines the menu below
/// (menu.cfg, txt.cfg, adtxt.cfg, rqtxt.cfg, drk.cfg, addrk.cfg, rqdrk.cfg, prompt.cfg,
/// exithelp.cfg; gtk.cfg, adgtk.cfg, spkgtk.cfg, x86menu.cfg ... are not in the package and
/// pxelinux skips their INCLUDE silently).
/// </summary>
public class SyslinuxNetbootTests(ITestOutputHelper output)
{
    public static string Root => Path.Combine(RepoPaths.Build, "netboot");

    private const string Linux = "/debian-installer/amd64/linux";
    private const string Initrd = "/debian-installer/amd64/initrd.gz";

    private ConfigParseResult Parse(string flavour)
    {
        var tree = new DirectoryFileTree(Path.Combine(Root, flavour), new FileSystemIdentity { Type = "vfat", Device = "/dev/sdb1" });
        var r = new SyslinuxParser().Parse(tree, [tree]);
        output.WriteLine(Describe(r));
        return r;
    }

    /// <summary>The menu we show, one line per entry: submenu path, title [id], flags.</summary>
    public static string Describe(ConfigParseResult r)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"timeout {(r.Timeout == Timeout.InfiniteTimeSpan ? "wait" : r.Timeout?.ToString() ?? "none")}");
        foreach (var e in r.Entries)
            sb.AppendLine($"{string.Concat(e.SubmenuPath.Select(s => s + " > "))}{e.Title} [{e.Id}]{(e.IsDefault ? " (default)" : "")}{(e.IsBootable ? "" : " (not bootable)")}: {e.KernelCmdline()}");
        foreach (var d in r.Diagnostics.Where(d => d.Severity != Severity.Info))
            sb.AppendLine($"diagnostic {d.Severity}: {d.Message} ({d.File}:{d.Line})");
        return sb.ToString();
    }

    [NetbootFact]
    public void TextTreeShowsTheMenuPxelinuxShows()
    {
        var r = Parse("text");
        const string adv = "Advanced options", dark = "Accessible dark contrast installer menu";
        Assert.Equal(
            [
                ("", "Install", "install"),
                (adv, "Expert install", "expert"),
                (adv, "Rescue mode", "rescue"),
                (adv, "Automated install", "auto"),
                (dark, "Install", "installdark"),
                (dark + " > " + adv, "Expert install", "expertdark"),
                (dark + " > " + adv, "Rescue mode", "rescuedark"),
                (dark + " > " + adv, "Automated install", "autodark"),
            ],
            r.Entries.Select(e => (string.Join(" > ", e.SubmenuPath), e.Title, e.Id!)));
        Assert.All(r.Entries, e => Assert.True(e.IsBootable));
        Assert.All(r.Entries, e => Assert.Empty(e.Diagnostics));
        Assert.DoesNotContain(r.Diagnostics, d => d.Severity != Severity.Info);
        // TIMEOUT 0 under vesamenu.c32: the menu waits.
        Assert.Equal(Timeout.InfiniteTimeSpan, r.Timeout);
        // DEFAULT is vesamenu.c32 (the later DEFAULT overrides drk.cfg's "default installdark",
        // and without UI menu.c32 ignores a DEFAULT label anyway): the top menu opens on entry 0.
        var install = Assert.Single(r.Entries, e => e.IsDefault);
        Assert.Equal("install", install.Id);
        Assert.Equal((Linux, Initrd), (install.Kernel!.Path, install.Initrds.Single().Path));
        // kernel.c: sprintf("BOOT_IMAGE=%s %s", kernel, args), APPEND verbatim (trailing blank too).
        Assert.Equal("BOOT_IMAGE=debian-installer/amd64/linux vga=788 initrd=debian-installer/amd64/initrd.gz --- quiet ", install.KernelCmdline());
        Assert.Equal("BOOT_IMAGE=debian-installer/amd64/linux", install.CmdlinePrefix);
        var expert = r.Entries.Single(e => e.Id == "expert");
        Assert.Equal("BOOT_IMAGE=debian-installer/amd64/linux priority=low vga=788 initrd=debian-installer/amd64/initrd.gz --- ", expert.KernelCmdline());
        // Every config file read is one of the tree's (the INCLUDEs resolved against the TFTP root).
        Assert.Contains("/dev/sdb1:/debian-installer/amd64/boot-screens/menu.cfg", r.ConfigFiles);
        Assert.Contains(r.Diagnostics, d => d.Severity == Severity.Info && d.Message.Contains("gtk.cfg: no such file"));
    }

    [NetbootFact]
    public void GtkTreeTimesOutToTheSpeechInstall()
    {
        var r = Parse("gtk");
        Assert.Equal(["install", "installspk"], r.Entries.Where(e => e.SubmenuPath.Count == 0).Select(e => e.Id));
        // spk.cfg: "timeout 300" and an ONTIMEOUT command line equal to the installspk label's.
        Assert.Equal(TimeSpan.FromSeconds(30), r.Timeout);
        Assert.Equal("installspk", Assert.Single(r.Entries, e => e.IsDefault).Id);
        Assert.Contains(r.Entries, e => e.Id == "rescuespk" && e.SubmenuPath.SequenceEqual(["Advanced options", "Speech-enabled advanced options"]));
    }
}
