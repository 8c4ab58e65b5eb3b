using LinuxBootSharp.BootConfig.Grub;
using static LinuxBootSharp.BootConfig.Tests.GrubTestSupport;

namespace LinuxBootSharp.BootConfig.Tests;

/// <summary>
/// GRUB's Linux loader (grub-core/loader/i386/linux.c) passes "BOOT_IMAGE=" + the whole argument
/// list built by grub_create_loader_cmdline, the kernel file first: the parser produces that
/// final line; the editable arguments stay apart.
/// </summary>
public sealed class GrubBootImageTests
{
    [Fact]
    public void The_kernel_receives_boot_image_then_the_arguments_and_the_editor_edits_only_the_arguments()
    {
        var e = Single(Eval("menuentry D { linux /vmlinuz-6 root=/dev/sda1 ro }"));
        Assert.Equal("root=/dev/sda1 ro", e.Cmdline);
        Assert.Equal("BOOT_IMAGE=/vmlinuz-6", e.CmdlinePrefix);
        Assert.Equal("BOOT_IMAGE=/vmlinuz-6 root=/dev/sda1 ro", e.KernelCmdline());
        Assert.Equal("BOOT_IMAGE=/vmlinuz-6 single", e.KernelCmdline("single"));
        Assert.Equal("BOOT_IMAGE=/vmlinuz-6", e.KernelCmdline(""));
    }

    [Fact]
    public void The_kernel_name_is_quoted_like_any_argument_and_kept_as_written()
    {
        // cmdline.c quotes an argument with a space; a device prefix stays as the config wrote it.
        var home = Volume("/dev/vda2", disk: 0, part: 2);
        home.AddFile("/my kernel", "k");
        var e = Single(Eval("menuentry D { linux '/my kernel' quiet }", home));
        Assert.Equal("BOOT_IMAGE=\"/my kernel\"", e.CmdlinePrefix);
        Assert.Equal("BOOT_IMAGE=\"/my kernel\" quiet", e.KernelCmdline());
        var d = Single(Eval("menuentry D { linux (/dev/vda2)/k }", Volume("/dev/vda2", disk: 0, part: 2)));
        Assert.Equal("BOOT_IMAGE=(/dev/vda2)/k", d.KernelCmdline());
    }

    [Fact]
    public void A_later_linux_command_replaces_the_boot_image()
    {
        var e = Single(Eval("menuentry D { linux /old a=1; linux /new b=2 }"));
        Assert.Equal("BOOT_IMAGE=/new b=2", e.KernelCmdline());
    }

    [Fact]
    public void Grub_legacy_kernel_lines_get_the_same_final_line()
    {
        var boot = Volume("/dev/sda1", disk: 0, part: 1, scheme: "msdos");
        boot.AddFile("/grub/grub.conf", "default 0\ntitle L\n\troot (hd0,0)\n\tkernel /vmlinuz-2.6 ro quiet\n").AddFile("/vmlinuz-2.6", "k");
        var e = Assert.Single(new GrubParser().Parse(boot, [boot]).Entries);
        Assert.Equal("ro quiet", e.Cmdline);
        Assert.Equal("BOOT_IMAGE=/vmlinuz-2.6 ro quiet", e.KernelCmdline());
    }
}
