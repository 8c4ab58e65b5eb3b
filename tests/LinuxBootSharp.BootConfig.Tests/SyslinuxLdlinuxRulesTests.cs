using LinuxBootSharp.BootConfig.Syslinux;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.BootConfig.Tests;

/// <summary>
/// One test per ldlinux/menu.c32 rule the parser reproduces (syslinux 6: com32/elflink/ldlinux
/// readconfig.c, execute.c, kernel.c; com32/menu/readconfig.c; core/fs/pxe/pxe.c,
/// core/fs/lib/searchconfig.c).
/// </summary>
public class SyslinuxLdlinuxRulesTests
{
    private static ConfigParseResult Parse(string config, string path = "/syslinux.cfg", InMemoryFileTree? tree = null)
    {
        tree ??= new InMemoryFileTree();
        tree.AddFile(path, config);
        return new SyslinuxParser().Parse(tree, [tree]);
    }

    [Theory]
    [InlineData("/pxelinux.cfg/default", "/")]
    [InlineData("/tftp/pxelinux.cfg/01-52-54-00-12-34-56", "/tftp")]
    [InlineData("/boot/syslinux/syslinux.cfg", "/boot/syslinux")]
    [InlineData("/isolinux/isolinux.cfg", "/isolinux")]
    [InlineData("/extlinux.conf", "/")]
    public void WorkingDirectoryByLoader(string config, string cwd) =>
        Assert.Equal(cwd, SyslinuxParser.WorkingDirectory(config));

    [Fact]
    public void PxelinuxResolvesIncludeKernelAndInitrdAgainstTheTftpRoot()
    {
        // Debian's netboot layout: pxelinux.cfg/default names files relative to the TFTP root.
        var t = new InMemoryFileTree()
            .AddFile("/d-i/amd64/boot-screens/menu.cfg", "LABEL install\n KERNEL d-i/amd64/linux\n APPEND vga=788 initrd=d-i/amd64/initrd.gz --- quiet\n")
            .AddFile("/d-i/amd64/linux", "k").AddFile("/d-i/amd64/initrd.gz", "i");
        var r = Parse("PATH d-i/amd64/boot-screens/\nINCLUDE d-i/amd64/boot-screens/menu.cfg\nDEFAULT d-i/amd64/boot-screens/vesamenu.c32\n", "/pxelinux.cfg/default", t);
        var e = Assert.Single(r.Entries);
        Assert.Equal(("/d-i/amd64/linux", "/d-i/amd64/initrd.gz"), (e.Kernel!.Path, e.Initrds.Single().Path));
        Assert.Empty(e.Diagnostics);
        Assert.Equal("BOOT_IMAGE=d-i/amd64/linux vga=788 initrd=d-i/amd64/initrd.gz --- quiet", e.KernelCmdline());
    }

    [Fact]
    public void MissingIncludeIsSkippedWithAnInfo()
    {
        var r = Parse("INCLUDE gtk.cfg\nLABEL a\n KERNEL /a\n");
        Assert.Single(r.Entries);
        var d = Assert.Single(r.Diagnostics, d => d.Message.Contains("gtk.cfg"));
        Assert.Equal((Severity.Info, 1), (d.Severity, d.Line!.Value));
    }

    [Fact]
    public void ConfigWithDirectoryInAppendChangesTheWorkingDirectory()
    {
        var t = new InMemoryFileTree().AddFile("/cfgs/alt.cfg", "LABEL alt\n KERNEL vmlinuz\n");
        var r = Parse("LABEL switch\n CONFIG /cfgs/alt.cfg\n APPEND /kernels\n", "/syslinux.cfg", t);
        Assert.Equal("/kernels/vmlinuz", Assert.Single(r.Entries).Kernel!.Path);
    }

    [Fact]
    public void BootImageIsTheKernelAsWrittenAndTheArgumentsAreVerbatim()
    {
        // record(): "<KERNEL line> <APPEND>"; execute(): first word is the kernel, the rest (after
        // the blanks that follow it) is passed as it is, repeated and trailing blanks included.
        var t = new InMemoryFileTree().AddFile("/boot/vmlinuz", "k");
        var e = Assert.Single(Parse("LABEL a\n LINUX boot/vmlinuz   one=1\n APPEND  two=2  three \n", tree: t).Entries);
        Assert.Equal("/boot/vmlinuz", e.Kernel!.Path);
        Assert.Equal("BOOT_IMAGE=boot/vmlinuz", e.CmdlinePrefix);
        Assert.Equal("one=1 two=2  three ", e.Cmdline);
        Assert.Equal("BOOT_IMAGE=boot/vmlinuz one=1 two=2  three ", e.KernelCmdline());
    }

    [Fact]
    public void LabelWithoutKernelRunsItsFirstWord()
    {
        var e = Assert.Single(Parse("LABEL vmlinuz quiet\n").Entries);
        Assert.Equal("/vmlinuz", e.Kernel!.Path);
        Assert.Equal("BOOT_IMAGE=vmlinuz", e.KernelCmdline());
    }

    [Fact]
    public void TypeComesFromTheFirstWordOnly()
    {
        var e = Assert.Single(Parse("LABEL m\n KERNEL menu.c32 other.cfg\n").Entries);
        Assert.False(e.IsBootable);
        Assert.Equal("menu.c32", e.Properties["module"]);
        Assert.Equal("other.cfg", e.Cmdline);
    }

    [Fact]
    public void EmptyInitrdNameIsReported()
    {
        var e = Assert.Single(Parse("LABEL a\n KERNEL /k\n APPEND initrd=/i,\n", tree: new InMemoryFileTree().AddFile("/k", "k").AddFile("/i", "i")).Entries);
        Assert.Equal(["/i"], e.Initrds.Select(i => i.Path));
        Assert.Contains(e.Diagnostics, d => d.Message.Contains("empty name in initrd="));
    }

    [Fact]
    public void Com32MenuAsDefaultIsNotAnEntryAndTheMenuDefaultApplies()
    {
        // DEFAULT vesamenu.c32 without UI: ldlinux runs the menu; menu.c32 honours a DEFAULT label
        // only with a UI directive (doc/menu.txt), so an earlier "DEFAULT b" does not count either.
        var r = Parse("DEFAULT b\nLABEL a\n KERNEL /a\nLABEL b\n KERNEL /b\nLABEL c\n MENU DEFAULT\n KERNEL /c\nDEFAULT vesamenu.c32\nTIMEOUT 0\n");
        Assert.Equal(["a", "b", "c"], r.Entries.Select(e => e.Id));
        Assert.Equal("c", Assert.Single(r.Entries, e => e.IsDefault).Id);
        Assert.Equal(Timeout.InfiniteTimeSpan, r.Timeout); // TIMEOUT 0: wait forever
    }

    [Fact]
    public void DefaultLabelWithUiBeatsMenuDefault()
    {
        var r = Parse("UI menu.c32\nDEFAULT b\nLABEL a\n MENU DEFAULT\n KERNEL /a\nLABEL b\n KERNEL /b\n");
        Assert.Equal("b", Assert.Single(r.Entries, e => e.IsDefault).Id);
    }

    [Fact]
    public void OnTimeoutLabelBootsWhenTheTimeoutExpires()
    {
        var r = Parse("UI menu.c32\nTIMEOUT 30\nONTIMEOUT b\nDEFAULT a\nLABEL a\n KERNEL /a\nLABEL b\n KERNEL /b\n");
        Assert.Equal(TimeSpan.FromSeconds(3), r.Timeout);
        Assert.Equal("b", Assert.Single(r.Entries, e => e.IsDefault).Id);
    }

    [Fact]
    public void MenuExitIsNavigationNotAnEntry()
    {
        var r = Parse("UI menu.c32\nMENU BEGIN adv\n MENU LABEL ^Advanced options\n LABEL back\n  MENU LABEL ^Back..\n  MENU EXIT\n LABEL x\n  KERNEL /x\nMENU END\n");
        var e = Assert.Single(r.Entries);
        Assert.Equal(["Advanced options"], e.SubmenuPath);
    }

    [Theory]
    [InlineData("k a initrd=/x b", "k", "a initrd=/x b", "/x")]
    [InlineData("k initrd=/x,/y initrd=/z", "k", "initrd=/x,/y initrd=/z", "/x|/y")]
    [InlineData("k\tquiet rd.initrd=/a", "k", "quiet rd.initrd=/a", "/a")] // strstr: any "initrd=" counts
    [InlineData("k   ", "k", "", "")]
    public void LinuxLoaderSplitsAsLdlinux(string line, string kernel, string args, string initrds)
    {
        var (k, a, i) = SyslinuxCommandLine.LinuxLoader(line);
        Assert.Equal((kernel, args, initrds), (k, a, string.Join('|', i)));
    }
}

public class SyslinuxOnTimeoutCommandTests
{
    [Fact]
    public void OnTimeoutCommandLineEqualToALabelBootsThatLabel()
    {
        // Debian's spk.cfg: ONTIMEOUT is a typed command line, not a label name.
        var t = new InMemoryFileTree().AddFile("/syslinux.cfg",
            "DEFAULT vesamenu.c32\nLABEL a\n KERNEL k\n APPEND x=1 initrd=i\nLABEL b\n KERNEL k\n APPEND x=2 initrd=i --- quiet \nTIMEOUT 300\nONTIMEOUT k x=2 initrd=i --- quiet \n");
        var r = new SyslinuxParser().Parse(t, [t]);
        Assert.Equal(TimeSpan.FromSeconds(30), r.Timeout);
        var def = Assert.Single(r.Entries, e => e.IsDefault);
        Assert.Equal("b", def.Id);
        Assert.Equal("k x=2 initrd=i --- quiet ", def.Properties["ontimeout"]);
    }
}
