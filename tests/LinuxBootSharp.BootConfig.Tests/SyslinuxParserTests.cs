using LinuxBootSharp.BootConfig.Syslinux;
using LinuxBootSharp.Storage;
using LinuxBootSharp.Tests.Shared;

namespace LinuxBootSharp.BootConfig.Tests;

public class SyslinuxParserTests
{
    private static ConfigParseResult Stick()
    {
        var dir = Path.Combine(RepoPaths.Root, "tests", "LinuxBootSharp.BootConfig.Tests", "Fixtures", "Syslinux", "stick");
        var tree = new DirectoryFileTree(dir, new FileSystemIdentity { Type = "vfat", Device = "/dev/sdb1" });
        return new SyslinuxParser().Parse(tree, [tree]);
    }

    private static BootEntry Entry(ConfigParseResult r, string id) => r.Entries.Single(e => e.Id == id);

    private static ConfigParseResult Parse(string config, string path = "/syslinux.cfg", InMemoryFileTree? tree = null)
    {
        tree ??= new InMemoryFileTree();
        tree.AddFile(path, config);
        return new SyslinuxParser().Parse(tree, [tree]);
    }

    [Fact]
    public void FindsExtlinuxAndListsEveryLabelInOrder()
    {
        var r = Stick();
        Assert.Equal(["rescue", "main", "relative", "inline-initrd", "both-initrds", "inherits", "pxe", "hd", "chain", "xen", "memtest", "debug"],
            r.Entries.Select(e => e.Id));
        Assert.Equal(["/dev/sdb1:/boot/extlinux/extlinux.conf", "/dev/sdb1:/boot/extlinux/common.cfg", "/dev/sdb1:/boot/extlinux/menus/tools.cfg"], r.ConfigFiles);
        Assert.All(r.Entries, e => Assert.Equal("syslinux", e.Source));
    }

    [Fact]
    public void MenuLabelWithoutCaretAndSourceLine()
    {
        var main = Entry(Stick(), "main");
        Assert.Equal("Main system", main.Title);
        Assert.Equal("/dev/sdb1:/boot/extlinux/extlinux.conf", main.SourceFile);
        Assert.Equal(12, main.SourceLine);
    }

    [Fact]
    public void InitrdKeywordCommaListAndLabelAppendReplacesGlobal()
    {
        var main = Entry(Stick(), "main");
        Assert.Equal("/images/vmlinuz", main.Kernel!.Path);
        Assert.Equal(["/images/firmware.cpio", "/images/initrd.gz"], main.Initrds.Select(i => i.Path));
        // record(): APPEND, then " initrd=<INITRD>"; ldlinux passes it on and prefixes BOOT_IMAGE=.
        Assert.Equal("root=/dev/sda1 ro initrd=/images/firmware.cpio,/images/initrd.gz", main.Cmdline);
        Assert.Equal("BOOT_IMAGE=/images/vmlinuz", main.CmdlinePrefix);
        Assert.Equal("BOOT_IMAGE=/images/vmlinuz root=/dev/sda1 ro initrd=/images/firmware.cpio,/images/initrd.gz", main.KernelCmdline());
        Assert.True(main.IsBootable);
        Assert.Empty(main.Diagnostics);
    }

    [Fact]
    public void AppendDashClearsAndRelativePathsUseConfigDirectory()
    {
        var e = Entry(Stick(), "relative");
        Assert.Equal("", e.Cmdline);
        Assert.Equal("/boot/extlinux/vmlinuz-rel", e.Kernel!.Path);
        Assert.Empty(e.Diagnostics);
    }

    [Fact]
    public void InitrdStaysOnTheCommandLineAndTheFirstOneWins()
    {
        // kernel.c new_linux_kernel(): strstr(cmdline, "initrd=") -- the first one is loaded,
        // and the whole line (every initrd= included) is what the kernel receives.
        var r = Stick();
        var inline = Entry(r, "inline-initrd");
        Assert.Equal("initrd=/images/initrd.gz quiet initrd=/images/firmware.cpio splash", inline.Cmdline);
        Assert.Equal(["/images/initrd.gz"], inline.Initrds.Select(i => i.Path));
        // INITRD is appended after APPEND as " initrd=...", so APPEND's comes first and wins.
        var both = Entry(r, "both-initrds");
        Assert.Equal("initrd=/images/initrd.gz quiet initrd=/images/firmware.cpio", both.Cmdline);
        Assert.Equal(["/images/initrd.gz"], both.Initrds.Select(i => i.Path));
    }

    [Fact]
    public void GlobalAppendAndPathIsNotSearchedForKernels()
    {
        // PATH is where modules are looked for (findpath()); loadfile() opens the kernel relative
        // to the working directory only, so this label fails to boot in syslinux too.
        var e = Entry(Stick(), "inherits");
        Assert.Equal("console=ttyS0", e.Cmdline);
        Assert.Equal("/boot/extlinux/fallback-vmlinuz", e.Kernel!.Path);
        Assert.Contains(e.Diagnostics, d => d.Message.Contains("fallback-vmlinuz: file not found"));
    }

    [Fact]
    public void MenuHideWithUiIsNotListed()
    {
        var r = Stick();
        Assert.DoesNotContain(r.Entries, e => e.Id == "secret");
        Assert.Contains(r.Diagnostics, d => d.Message.Contains("'secret'") && d.Line == 34);
    }

    [Fact]
    public void IpAppendRecorded() => Assert.Equal("2", Entry(Stick(), "pxe").Properties["ipappend"]);

    [Fact]
    public void LocalbootAndCom32AreNotBootable()
    {
        var r = Stick();
        var hd = Entry(r, "hd");
        Assert.False(hd.IsBootable);
        Assert.Equal("Boot from first hard disk", hd.Title);
        Assert.Contains("LOCALBOOT 0x80", hd.NotBootableReason);
        var chain = Entry(r, "chain");
        Assert.False(chain.IsBootable);
        Assert.Contains("COM32 module chain.c32", chain.NotBootableReason);
        var memtest = Entry(r, "memtest");
        Assert.Contains("boot sector", memtest.NotBootableReason);
    }

    [Fact]
    public void MbootIsRecordedAsMultiboot()
    {
        var xen = Entry(Stick(), "xen");
        Assert.False(xen.IsBootable);
        Assert.Equal("mboot.c32", xen.Properties["multiboot"]);
        Assert.Equal("/images/xen.gz", xen.Kernel!.Path);
        Assert.Equal("dom0_mem=1G", xen.Cmdline);
        Assert.Equal("/images/vmlinuz console=hvc0", xen.Properties["multiboot-module-1"]);
        Assert.Equal("/images/initrd.gz", xen.Properties["multiboot-module-2-file"]);
        Assert.Contains(xen.Diagnostics, d => d.Message.Contains("xen.gz: file not found"));
    }

    [Fact]
    public void MenuIncludeWithTagAndMenuBeginFormSubmenus()
    {
        var r = Stick();
        Assert.Equal(["Tools"], Entry(r, "memtest").SubmenuPath);
        var debug = Entry(r, "debug");
        Assert.Equal(["More options"], debug.SubmenuPath);
        Assert.Equal("debug", debug.Cmdline); // TEXT HELP ... ENDTEXT lines are not config
        Assert.DoesNotContain(r.Entries, e => e.Id is "back" or "not-a-label");
    }

    [Fact]
    public void TimeoutTenthsCappedByTotalTimeoutAndOnTimeoutIsDefault()
    {
        var r = Stick();
        Assert.Equal(TimeSpan.FromSeconds(5), r.Timeout);
        var def = Assert.Single(r.Entries, e => e.IsDefault);
        Assert.Equal("rescue", def.Id);
        Assert.Equal("single", def.Cmdline);
    }

    [Theory]
    [InlineData("UI menu.c32\nTIMEOUT 0\n", -1)]
    [InlineData("UI menu.c32\nTIMEOUT 600\nTOTALTIMEOUT 100\n", 10)]
    [InlineData("UI menu.c32\nTOTALTIMEOUT 100\n", 10)]
    [InlineData("PROMPT 0\nTIMEOUT 50\n", 0)]
    [InlineData("PROMPT 1\nTIMEOUT 50\n", 5)]
    [InlineData("PROMPT 1\n", -1)]
    [InlineData("DEFAULT vesamenu.c32\nTIMEOUT 15\n", 1.5)]
    public void TimeoutRules(string head, double seconds)
    {
        var r = Parse(head + "LABEL a\n KERNEL /k\n");
        Assert.Equal(seconds < 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(seconds), r.Timeout);
    }

    [Fact]
    public void NoTimeoutDirectivesNoTimeout() => Assert.Null(Parse("LABEL a\n KERNEL /k\n").Timeout);

    [Fact]
    public void KeywordsAreCaseInsensitive()
    {
        var e = Assert.Single(Parse("lAbEl x\n  KeRnEl /k\n  aPpEnD a=1\n  InItRd /i\n").Entries);
        Assert.Equal(("/k", "a=1 initrd=/i", "/i"), (e.Kernel!.Path, e.Cmdline, e.Initrds[0].Path));
    }

    [Fact]
    public void LabelWithoutKernelBootsTheFileNamedLikeTheLabel()
    {
        var e = Assert.Single(Parse("LABEL vmlinuz\n", "/boot/syslinux/syslinux.cfg").Entries);
        Assert.Equal("/boot/syslinux/vmlinuz", e.Kernel!.Path);
    }

    [Fact]
    public void DefaultLabelBeatsMenuDefault()
    {
        var r = Parse("DEFAULT b\nLABEL a\n MENU DEFAULT\n KERNEL /a\nLABEL b\n KERNEL /b\n");
        Assert.Equal("b", Assert.Single(r.Entries, e => e.IsDefault).Id);
        var m = Parse("DEFAULT menu.c32\nLABEL a\n KERNEL /a\nLABEL b\n MENU DEFAULT\n KERNEL /b\n");
        Assert.Equal("b", Assert.Single(m.Entries, e => e.IsDefault).Id);
        // A submenu's MENU DEFAULT does not make the start-up default.
        var sub = Parse("UI menu.c32\nLABEL a\n KERNEL /a\nMENU BEGIN s\nLABEL b\n MENU DEFAULT\n KERNEL /b\nMENU END\n");
        Assert.Equal("a", Assert.Single(sub.Entries, e => e.IsDefault).Id);
    }

    [Fact]
    public void ImplicitDefaultCommandLine()
    {
        var t = new InMemoryFileTree().AddFile("/vmlinuz", "k");
        var r = Parse("DEFAULT vmlinuz root=/dev/sda1\n", tree: t);
        var e = Assert.Single(r.Entries);
        Assert.True(e.IsDefault);
        Assert.Equal(("/vmlinuz", "root=/dev/sda1"), (e.Kernel!.Path, e.Cmdline));
        var none = Parse("IMPLICIT 0\nDEFAULT vmlinuz root=/dev/sda1\n", tree: new InMemoryFileTree().AddFile("/vmlinuz", "k"));
        Assert.Empty(none.Entries);

        // Relative to the config's directory, whatever the device is called.
        var sub = new InMemoryFileTree(new FileSystemIdentity { Type = "vfat", Device = "disk.img:2" }).AddFile("/boot/syslinux/vmlinuz", "k");
        var r2 = Parse("DEFAULT vmlinuz quiet\n", "/boot/syslinux/syslinux.cfg", sub);
        Assert.Equal("/boot/syslinux/vmlinuz", Assert.Single(r2.Entries).Kernel!.Path);
    }

    [Fact]
    public void ConfigLabelSwitchesFileAndBaseDirectory()
    {
        var t = new InMemoryFileTree()
            .AddFile("/other/cfg/alt.cfg", "LABEL alt\n KERNEL vmlinuz\n INITRD initrd.img\n")
            .AddFile("/other/cfg/vmlinuz", "k");
        var r = Parse("LABEL main\n KERNEL /k\nLABEL switch\n MENU LABEL Other system\n CONFIG /other/cfg/alt.cfg\n", "/isolinux/isolinux.cfg", t);
        // Without a directory the working directory stays (execute.c: chdir only "if we got
        // anything on the command line"): the new config's relative names resolve in /isolinux.
        var alt = r.Entries.Single(e => e.Id == "alt");
        Assert.Equal("/isolinux/vmlinuz", alt.Kernel!.Path);
        Assert.Equal("/isolinux/initrd.img", alt.Initrds[0].Path);
        Assert.Equal(["Other system"], alt.SubmenuPath);
        Assert.DoesNotContain(r.Entries, e => e.Id == "switch");

        // With a directory argument, that directory becomes the working directory.
        var t2 = new InMemoryFileTree().AddFile("/cfgs/alt.cfg", "LABEL alt\n KERNEL vmlinuz\n");
        var r2 = Parse("LABEL switch\n CONFIG /cfgs/alt.cfg /kernels\n", "/syslinux.cfg", t2);
        Assert.Equal("/kernels/vmlinuz", Assert.Single(r2.Entries).Kernel!.Path);
    }

    [Fact]
    public void ConfigLoopEndsWithDiagnostic()
    {
        var t = new InMemoryFileTree().AddFile("/b.cfg", "LABEL b\n KERNEL /kb\nLABEL back\n CONFIG /syslinux.cfg\n");
        var r = Parse("LABEL a\n KERNEL /ka\nLABEL go\n CONFIG /b.cfg\n", "/syslinux.cfg", t);
        Assert.Equal(["a", "b"], r.Entries.Select(e => e.Id));
        Assert.Contains(r.Diagnostics, d => d.Message.Contains("CONFIG /syslinux.cfg"));
    }

    [Fact]
    public void IncludeLoopEndsWithDiagnosticNamingFileAndLine()
    {
        var t = new InMemoryFileTree().AddFile("/syslinux/a.cfg", "LABEL a\n KERNEL /a\nINCLUDE b.cfg\n").AddFile("/syslinux/b.cfg", "\nINCLUDE a.cfg\n");
        var r = Parse("INCLUDE a.cfg\n", "/syslinux/syslinux.cfg", t);
        Assert.Single(r.Entries);
        var d = Assert.Single(r.Diagnostics, d => d.Message.Contains("include loop"));
        Assert.Equal(("memory:/syslinux/b.cfg", 2), (d.File, d.Line!.Value));
    }

    [Fact]
    public void IncludeDepthIsLimited()
    {
        var t = new InMemoryFileTree();
        for (int i = 0; i < 40; i++)
            t.AddFile($"/syslinux/{i}.cfg", $"LABEL l{i}\n KERNEL /k\nINCLUDE {i + 1}.cfg\n");
        var r = Parse("INCLUDE 0.cfg\n", "/syslinux/syslinux.cfg", t);
        Assert.Equal(SyslinuxConfigReader.MaxIncludeDepth - 1, r.Entries.Count);
        Assert.Contains(r.Diagnostics, d => d.Message.Contains("nested deeper"));
    }

    [Fact]
    public void MissingIncludeAndMissingKernelAreDiagnosed()
    {
        var r = Parse("INCLUDE nope.cfg\nLABEL a\n KERNEL /missing\n");
        Assert.Contains(r.Diagnostics, d => d.Message.Contains("nope.cfg") && d.Line == 1);
        Assert.Contains(Assert.Single(r.Entries).Diagnostics, d => d.Message.Contains("/missing: file not found") && d.Line == 2);
    }

    [Fact]
    public void HugeConfigIsRefused()
    {
        var t = new InMemoryFileTree().AddFile("/syslinux.cfg", new byte[SyslinuxConfigReader.MaxConfigBytes + 1]);
        var r = new SyslinuxParser().Parse(t, [t]);
        Assert.Empty(r.Entries);
        Assert.Contains(r.Diagnostics, d => d.Message.Contains("limit"));
    }

    [Fact]
    public void MalformedLinesDoNotThrow()
    {
        var r = Parse("TIMEOUT soon\nINITRD /x\nKERNEL /y\nMENU\nMENU END\nMENU END\nLABEL\nAPPEND\nLABEL ok\n KERNEL /k\n\u0000\u00ff garbage\n");
        Assert.Contains(r.Diagnostics, d => d.Message.Contains("TIMEOUT 'soon'") && d.Line == 1);
        Assert.Contains(r.Diagnostics, d => d.Message.Contains("INITRD outside") && d.Line == 2);
        Assert.Equal("ok", Assert.Single(r.Entries).Id);
    }

    [Fact]
    public void UnbalancedMenuEndInMenuIncludeDoesNotThrow()
    {
        // Regression (fuzz): a MENU INCLUDEd file closing more menus than it opened.
        var t = new InMemoryFileTree().AddFile("/syslinux/inc.cfg", "MENU END\nMENU END\nLABEL in\n KERNEL /k\n");
        var r = Parse("MENU BEGIN outer\nMENU INCLUDE inc.cfg Tools\nLABEL after\n KERNEL /k\nMENU END\nMENU END\n", "/syslinux/syslinux.cfg", t);
        Assert.Equal(["in", "after"], r.Entries.Select(e => e.Id));
        // As in readconfig.c, the included MENU ENDs really close "Tools" and "outer".
        Assert.Empty(r.Entries[1].SubmenuPath);
    }

    [Fact]
    public void SearchOrderPrefersIsolinux()
    {
        var t = new InMemoryFileTree()
            .AddFile("/syslinux/syslinux.cfg", "LABEL s\n KERNEL /s\n")
            .AddFile("/isolinux/isolinux.cfg", "LABEL i\n KERNEL /i\n");
        Assert.Equal("i", Assert.Single(new SyslinuxParser().Parse(t, [t]).Entries).Id);
        Assert.Empty(new SyslinuxParser().Parse(new InMemoryFileTree(), []).Entries);
    }

    [Theory]
    [InlineData("a initrd=/x b", "a b", "/x")]
    [InlineData("initrd=/x,/y initrd=/z", "", "/z")]
    [InlineData("initrd=/x,/y", "", "/x|/y")]
    [InlineData("a=\"b  c\" d", "a=\"b  c\" d", "")]
    public void CommandLineInitrdExtraction(string input, string cmdline, string initrds)
    {
        var (c, i) = SyslinuxCommandLine.ExtractInitrds(input);
        Assert.Equal(cmdline, c);
        Assert.Equal(initrds, string.Join('|', i));
    }
}
