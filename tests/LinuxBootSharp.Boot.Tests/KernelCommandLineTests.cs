using LinuxBootSharp.Boards;
using LinuxBootSharp.Boot;

namespace LinuxBootSharp.Boot.Tests;

public sealed class KernelCommandLineTests
{
    [Fact]
    public void SplitsLikeTheKernel()
    {
        var c = new KernelCommandLine("console=ttyS0,115200 quiet lbs.append=\"root=/dev/sda1 ro quiet\" \"foo=bar baz\" x=");
        var p = c.Parameters;
        Assert.Equal(5, p.Count);
        Assert.Equal("ttyS0,115200", c.Get("console"));
        Assert.Null(p[1].Value);
        Assert.Equal("root=/dev/sda1 ro quiet", c.Get("lbs.append"));
        Assert.Equal("bar baz", c.Get("foo"));
        Assert.Equal("", c.Get("x"));
    }

    [Fact]
    public void RepeatedParametersKeepOrderAndLastWins()
    {
        var c = new KernelCommandLine("console=tty0 console=ttyS0,115200 lbs.initrd=/a lbs.initrd=/b,/c");
        Assert.Equal(["tty0", "ttyS0,115200"], c.GetAll("console"));
        Assert.Equal("ttyS0,115200", c.Get("console"));
        Assert.Equal(["/a", "/b,/c"], c.GetAll("lbs.initrd"));
    }

    [Fact]
    public void RemoveAndAppendKeepOtherParametersVerbatim()
    {
        var s = KernelCommandLine.Remove("BOOT_IMAGE=/vmlinuz root=UUID=1 lbs.boot=/k lbs.x=\"a b\" quiet splash=\"x y\"", ["BOOT_IMAGE", "lbs.*"]);
        Assert.Equal("root=UUID=1 quiet splash=\"x y\"", s);
        Assert.Equal("root=UUID=1 console=ttyS0", KernelCommandLine.Append("root=UUID=1 ", ["console=ttyS0", " "]));
        Assert.Equal("console=ttyS0", KernelCommandLine.Append("", ["console=ttyS0"]));
        Assert.Equal("quiet no_timer_check", KernelCommandLine.Append("quiet no_timer_check", ["no_timer_check"]));
    }

    [Fact]
    public void ReuseDropsLoaderParameters()
    {
        Assert.Equal("root=/dev/vda1 ro", BoardCmdlineEdits.ForReuse("BOOT_IMAGE=/boot/vmlinuz-6.1 initrd=\\initrd.img root=/dev/vda1 lbs.boot=/x ro"));
    }

    [Fact]
    public void BoardEditsRemoveThenAppend()
    {
        var board = new BoardProfile
        {
            Name = "t",
            Cmdline = new BoardCmdline { Remove = ["nomodeset", "console"], Append = ["console=ttyS1,115200", "iommu=pt"] },
        };
        Assert.Equal("root=/dev/sda2 quiet console=ttyS1,115200 iommu=pt", BoardCmdlineEdits.Apply("root=/dev/sda2 console=tty0 nomodeset quiet", board));
    }
}
