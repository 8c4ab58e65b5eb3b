using System.Diagnostics;
using System.Text;
using LinuxBootSharp.BootConfig.Bls;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.BootConfig.Tests;

/// <summary>Skipped, with the reason, when grub-common's grub-editenv is not installed.</summary>
public sealed class GrubEditenvFactAttribute : FactAttribute
{
    public GrubEditenvFactAttribute()
    {
        if (BlsGrubVariablesTests.GrubEditenv is null)
            Skip = "grub-editenv not found on PATH (Debian package grub-common): real-grubenv test skipped";
    }
}

/// <summary>
/// Plain BLS entries that use GRUB variables (RHEL 8 / Fedora: <c>options $kernelopts $tuned_params</c>)
/// get the values of the installation's grubenv, as Fedora's blscfg gives them.
/// </summary>
public class BlsGrubVariablesTests
{
    private const string Kernel = "/vmlinuz-4.18.0-553.el8_10.x86_64";
    private const string EntryName = "/loader/entries/0fd4f62a2e1b4c3c9b1f4d2c5c9d8e7f-4.18.0-553.el8_10.x86_64.conf";

    private static InMemoryFileTree Boot(string options, string device = "/dev/sda1", string? linux = null) =>
        new InMemoryFileTree(new FileSystemIdentity { Type = "xfs", Device = device, DiskIndex = 0 })
            .AddFile(EntryName, $"""
                title Red Hat Enterprise Linux (4.18.0-553.el8_10.x86_64) 8.10 (Ootpa)
                version 4.18.0-553.el8_10.x86_64
                linux {linux ?? Kernel}
                initrd /initramfs-4.18.0-553.el8_10.x86_64.img $tuned_initrd
                options {options}
                id rhel-20240321000000-4.18.0-553.el8_10.x86_64
                grub_users $grub_users
                grub_arg --unrestricted
                grub_class kernel
                """)
            .AddFile(Kernel, "kernel")
            .AddFile("/initramfs-4.18.0-553.el8_10.x86_64.img", "initrd");

    private const string RhelEnv = "saved_entry=0fd4f62a2e1b4c3c9b1f4d2c5c9d8e7f-4.18.0-553.el8_10.x86_64\nkernelopts=root=/dev/mapper/rhel-root ro crashkernel=auto resume=/dev/mapper/rhel-swap rd.lvm.lv=rhel/root rd.lvm.lv=rhel/swap rhgb quiet\nboot_success=0\ntuned_params=\ntuned_initrd=\n";

    private static BootEntry Only(IFileTree t, IReadOnlyList<IFileTree>? volumes = null) =>
        Assert.Single(new BlsParser("x64").Parse(t, volumes ?? [t]).Entries);

    private static BootEntry WithEnv(string options, string env, string path = "/grub2/grubenv") =>
        Only(Boot(options).AddFile(path, GrubFixtureTests.EnvBlock(env)));

    [Fact]
    public void Rhel8_kernelopts_and_empty_tuned_params_from_grub2_grubenv()
    {
        var e = Only(Boot("$kernelopts $tuned_params").AddFile("/grub2/grubenv", GrubFixtureTests.EnvBlock(RhelEnv)));
        // blscfg's expand_val gives "…quiet " + "" + " "; the entry's linux line is then split into
        // words by GRUB's script and joined by one space: no trailing or doubled blanks.
        Assert.Equal("root=/dev/mapper/rhel-root ro crashkernel=auto resume=/dev/mapper/rhel-swap rd.lvm.lv=rhel/root rd.lvm.lv=rhel/swap rhgb quiet", e.Cmdline);
        Assert.True(e.IsBootable, e.NotBootableReason);
        Assert.Equal(Kernel, e.Kernel!.Path);
        // "initrd /initramfs… $tuned_initrd": the empty variable adds no initrd.
        Assert.Equal(["/initramfs-4.18.0-553.el8_10.x86_64.img"], e.Initrds.Select(i => i.Path));
        Assert.DoesNotContain(e.Diagnostics, d => d.Severity >= Severity.Warning);
    }

    [Fact]
    public void Brief_example_exact_command_line()
    {
        var e = WithEnv("$kernelopts $tuned_params", "kernelopts=root=/dev/mapper/rhel-root ro crashkernel=auto\ntuned_params=\n");
        Assert.Equal("root=/dev/mapper/rhel-root ro crashkernel=auto", e.Cmdline);
        Assert.True(e.IsBootable, e.NotBootableReason);
    }

    [Fact]
    public void Boot_on_the_root_file_system_uses_boot_grub2_grubenv()
    {
        var t = new InMemoryFileTree(new FileSystemIdentity { Type = "ext4", Device = "/dev/vda2" })
            .AddFile("/boot/loader/entries/a-5.14.0.conf", "title A\nlinux /vmlinuz-5.14.0\noptions $kernelopts\n")
            .AddFile("/boot/vmlinuz-5.14.0", "k")
            .AddFile("/boot/grub2/grubenv", GrubFixtureTests.EnvBlock("kernelopts=root=UUID=77 ro\n"));
        var e = Only(t);
        Assert.Equal("root=UUID=77 ro", e.Cmdline);
        Assert.True(e.IsBootable, e.NotBootableReason);
    }

    [Fact]
    public void No_grubenv_lists_the_entry_as_not_bootable_and_names_the_variables()
    {
        var e = Only(Boot("$kernelopts $tuned_params"));
        Assert.False(e.IsBootable);
        Assert.Equal("options use $kernelopts and $tuned_params, which are set in grubenv; initrd uses $tuned_initrd, which is set in grubenv; no grubenv found on /dev/sda1", e.NotBootableReason);
        // Never a literal '$' in what could be booted; the text as written stays visible.
        Assert.Equal("$kernelopts $tuned_params", e.Cmdline);

        var single = Only(new InMemoryFileTree(new FileSystemIdentity { Type = "xfs", Device = "/dev/sda1" })
            .AddFile("/loader/entries/x.conf", "title X\nlinux /vmlinuz\noptions $kernelopts\n").AddFile("/vmlinuz", "k"));
        Assert.Equal("options use $kernelopts, which is set in grubenv; no grubenv found on /dev/sda1", single.NotBootableReason);
    }

    [Fact]
    public void Bad_grubenv_header_is_a_diagnostic_with_the_file_and_the_entry_is_not_bootable()
    {
        var t = Boot("$kernelopts").AddFile("/grub2/grubenv", "kernelopts=root=/dev/sda2\n" + new string('#', 1000));
        var r = new BlsParser("x64").Parse(t, [t]);
        var e = Assert.Single(r.Entries);
        Assert.False(e.IsBootable);
        Assert.Contains("/dev/sda1:/grub2/grubenv is not a GRUB environment block", e.NotBootableReason);
        Assert.StartsWith("options use $kernelopts", e.NotBootableReason);
        Assert.Contains(r.Diagnostics, d => d.File == "/dev/sda1:/grub2/grubenv" && d.Severity == Severity.Warning && d.Message.Contains("invalid environment block"));
    }

    [Fact]
    public void A_variable_unset_in_grubenv_expands_to_nothing_with_an_info()
    {
        var e = WithEnv("ro $kernelopts $tuned_params quiet", "kernelopts=root=/dev/sda2\n");
        Assert.Equal("ro root=/dev/sda2 quiet", e.Cmdline);
        Assert.True(e.IsBootable, e.NotBootableReason);
        Assert.Contains(e.Diagnostics, d => d.Severity == Severity.Info && d.Message.Contains("$tuned_params is not set in /dev/sda1:/grub2/grubenv") && d.Line == 5);
    }

    [Fact]
    public void Options_that_expand_to_nothing_fall_back_to_default_kernelopts_as_blscfg_does()
    {
        var e = WithEnv("$kernelopts", "default_kernelopts=root=/dev/sda9 ro\n");
        Assert.Equal("root=/dev/sda9 ro", e.Cmdline);
    }

    [Fact]
    public void Brace_form_is_not_expanded_by_blscfg_so_the_entry_is_not_bootable()
    {
        // expand_val knows only "$name": "${kernelopts}" loses its '$' and leaves "{kernelopts}",
        // which the entry's GRUB script cannot run as a linux command line.
        var e = WithEnv("${kernelopts}", "kernelopts=root=/dev/sda2 ro\n");
        Assert.False(e.IsBootable);
        Assert.Contains("{kernelopts}", e.NotBootableReason);
        Assert.DoesNotContain("$", e.Cmdline);
        Assert.Contains(e.Diagnostics, d => d.Severity == Severity.Warning && d.Message.Contains("does not expand ${kernelopts}"));
    }

    /// <summary>
    /// Outputs of rhboot/grub2's expand_val (compiled from blscfg.c with a stub grub_env_get:
    /// x=X, q="a  b", kernelopts set, others unset), then split and joined as GRUB's script and
    /// loader do.
    /// </summary>
    [Theory]
    [InlineData("$x b", "X")]                     // expand_val: "X " — the " b"'s blank is eaten, and the one-letter "b" at the end is lost
    [InlineData("$unset quiet", "quiet")]
    [InlineData("quiet $unset", "quiet")]
    [InlineData("$x-$x", "X")]                    // one-character "-" before '$' and trailing "x" are lost
    [InlineData("ro $kernelopts rhgb", "ro root=/dev/sda2 ro rhgb")]
    [InlineData("$kernelopts$x", "root=/dev/sda2 ro")]
    [InlineData("$q", "root=/dev/sda2 ro")]       // one-letter name at the end is lost: nothing, so default_kernelopts
    [InlineData(@"a\$kernelopts b", "a$kernelopts b")] // escaped: blscfg leaves it, GRUB's script unescapes it
    [InlineData("plain options here", "plain options here")]
    public void Blscfg_expand_val_quirks(string options, string cmdline)
    {
        var e = WithEnv(options, "kernelopts=root=/dev/sda2 ro\nx=X\nq=a  b\ndefault_kernelopts=root=/dev/sda2 ro\n");
        Assert.Equal(cmdline, e.Cmdline);
        Assert.True(e.IsBootable, e.NotBootableReason);
    }

    [Fact]
    public void Linux_path_variables_expand_when_the_entry_runs()
    {
        var t = Boot("$kernelopts", linux: "/vmlinuz-$kver").AddFile("/grub2/grubenv", GrubFixtureTests.EnvBlock("kernelopts=ro\nkver=4.18.0-553.el8_10.x86_64\n"));
        var e = Only(t);
        Assert.Equal(Kernel, e.Kernel!.Path);
        Assert.True(e.IsBootable, e.NotBootableReason);
    }

    [Fact]
    public void Rhel8_uefi_grubenv_symlink_into_the_esp_is_followed_to_the_esp_volume()
    {
        // /boot/grub2/grubenv -> ../efi/EFI/redhat/grubenv; on the /boot partition that is /grub2/grubenv.
        var boot = Boot("$kernelopts $tuned_params").AddSymlink("/grub2/grubenv", "../efi/EFI/redhat/grubenv");
        var esp = new InMemoryFileTree(new FileSystemIdentity { Type = "vfat", Device = "/dev/sda2", DiskIndex = 0 })
            .AddFile("/EFI/redhat/grubenv", GrubFixtureTests.EnvBlock("kernelopts=root=/dev/mapper/rhel-root ro\ntuned_params=\n"));
        var other = new InMemoryFileTree(new FileSystemIdentity { Type = "vfat", Device = "/dev/sdb1", DiskIndex = 1 })
            .AddFile("/EFI/redhat/grubenv", GrubFixtureTests.EnvBlock("kernelopts=root=/dev/WRONG\n"));
        var e = Only(boot, [other, boot, esp]);
        Assert.Equal("root=/dev/mapper/rhel-root ro", e.Cmdline);
        Assert.True(e.IsBootable, e.NotBootableReason);
    }

    [Fact]
    public void Rhel8_uefi_dangling_symlink_on_a_host_directory_tree()
    {
        var dir = Directory.CreateTempSubdirectory("lbs-rhel8-");
        try
        {
            var boot = Path.Combine(dir.FullName, "boot");
            Directory.CreateDirectory(Path.Combine(boot, "loader", "entries"));
            Directory.CreateDirectory(Path.Combine(boot, "grub2"));
            File.WriteAllText(Path.Combine(boot, "loader", "entries", "a.conf"), "title A\nlinux /vmlinuz\noptions $kernelopts\n");
            File.WriteAllText(Path.Combine(boot, "vmlinuz"), "k");
            File.CreateSymbolicLink(Path.Combine(boot, "grub2", "grubenv"), "../efi/EFI/redhat/grubenv");
            var t = new DirectoryFileTree(boot, new FileSystemIdentity { Type = "xfs", Device = "/dev/sda2", DiskIndex = 0 });
            var esp = new InMemoryFileTree(new FileSystemIdentity { Type = "vfat", Device = "/dev/sda1", DiskIndex = 0 })
                .AddFile("/EFI/redhat/grubenv", GrubFixtureTests.EnvBlock("kernelopts=root=/dev/mapper/rhel-root ro\n"));
            Assert.Equal("root=/dev/mapper/rhel-root ro", Only(t, [esp, t]).Cmdline);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Esp_with_entries_and_grubenv_under_EFI_vendor()
    {
        var t = new InMemoryFileTree(new FileSystemIdentity { Type = "vfat", Device = "/dev/sda1" })
            .AddFile("/loader/entries/a.conf", "title A\nlinux /vmlinuz\noptions $kernelopts\n").AddFile("/vmlinuz", "k")
            .AddFile("/EFI/centos/grubenv", GrubFixtureTests.EnvBlock("kernelopts=root=/dev/sda3\n"));
        Assert.Equal("root=/dev/sda3", Only(t).Cmdline);
    }

    [Fact]
    public void Entries_without_variables_never_read_grubenv()
    {
        var t = new InMemoryFileTree(new FileSystemIdentity { Type = "xfs", Device = "/dev/sda1" })
            .AddFile("/loader/entries/a.conf", "title A\nlinux /vmlinuz\ninitrd /initrd\noptions root=/dev/sda2 quiet\n")
            .AddFile("/vmlinuz", "k").AddFile("/initrd", "i").AddFile("/grub2/grubenv", "broken");
        var r = new BlsParser("x64").Parse(t, [t]);
        var e = Assert.Single(r.Entries);
        Assert.Equal("root=/dev/sda2 quiet", e.Cmdline);
        Assert.DoesNotContain(r.Diagnostics, d => d.File?.EndsWith("grubenv", StringComparison.Ordinal) == true);
    }

    /// <summary>The plain BLS copy and GRUB's blscfg copy of one entry agree on the command line.</summary>
    [Theory]
    [InlineData("$kernelopts $tuned_params")]
    [InlineData("ro $kernelopts rhgb")]
    [InlineData("$kernelopts 3")]                 // expand_val loses the one-character "3" at the end
    [InlineData("$x-$x")]
    [InlineData("$unset")]
    public void Plain_parser_and_blscfg_give_the_same_command_line(string options)
    {
        const string env = "kernelopts=root=/dev/mapper/rhel-root ro\ntuned_params=\nx=X\ndefault_kernelopts=root=/dev/sda9\n";
        var home = GrubTestSupport.Volume("/dev/vda2", uuid: "5a5a5a5a-0000-0000-0000-000000000001", disk: 0, part: 2);
        home.AddFile("/loader/entries/a-4.18.0.conf", $"title A\nversion 4.18.0\nlinux /vmlinuz-4.18.0\noptions {options}\n");
        home.AddFile("/vmlinuz-4.18.0", "k");
        home.AddFile("/grub2/grubenv", GrubFixtureTests.EnvBlock(env));
        var plain = Only(home);
        var grub = Assert.Single(GrubTestSupport.Eval("load_env\nblscfg\n", home, path: "/grub2/grub.cfg").Result.Entries);
        Assert.Equal(grub.Cmdline, plain.Cmdline);
        Assert.True(plain.IsBootable, plain.NotBootableReason);
    }

    [Fact]
    public void Brace_form_in_blscfg_becomes_a_block_and_grub_boots_without_options()
    {
        var home = GrubTestSupport.Volume("/dev/vda2", uuid: "5a5a5a5a-0000-0000-0000-000000000001", disk: 0, part: 2);
        home.AddFile("/loader/entries/a-4.18.0.conf", "title A\nlinux /vmlinuz-4.18.0\noptions ${kernelopts}\n");
        home.AddFile("/vmlinuz-4.18.0", "k");
        home.AddFile("/grub2/grubenv", GrubFixtureTests.EnvBlock("kernelopts=root=/dev/sda2\n"));
        var ev = GrubTestSupport.Eval("load_env\nblscfg\n", home, path: "/grub2/grub.cfg");
        var grub = Assert.Single(ev.Result.Entries);
        // "linux /vmlinuz-4.18.0 {kernelopts}": GRUB's parser reads "{kernelopts}" as a block
        // argument (parser.y), which linux ignores: GRUB boots the kernel with no options at all.
        Assert.Equal("", grub.Cmdline);
        // The plain copy says so instead of offering a kernel without its root=.
        var plain = Only(home);
        Assert.False(plain.IsBootable);
        Assert.Contains("block", plain.NotBootableReason);
    }

    internal static string? GrubEditenv { get; } =
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "grub-editenv")).FirstOrDefault(File.Exists);

    private static void Editenv(params string[] args)
    {
        var psi = new ProcessStartInfo(GrubEditenv!) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"grub-editenv {string.Join(' ', args)}: {err}");
    }

    [GrubEditenvFact]
    public void Real_grubenv_made_by_grub_editenv()
    {
        var dir = Directory.CreateTempSubdirectory("lbs-grubenv-");
        try
        {
            var file = Path.Combine(dir.FullName, "grubenv");
            Editenv(file, "create");
            Editenv(file, "set", "kernelopts=root=/dev/mapper/rhel-root ro crashkernel=auto", "tuned_params=");
            var bytes = File.ReadAllBytes(file);
            Assert.Equal(1024, bytes.Length);
            var e = Only(Boot("$kernelopts $tuned_params").AddFile("/grub2/grubenv", bytes));
            Assert.Equal("root=/dev/mapper/rhel-root ro crashkernel=auto", e.Cmdline);
            Assert.True(e.IsBootable, e.NotBootableReason);
            Assert.StartsWith("# GRUB Environment Block\n", Encoding.ASCII.GetString(bytes));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
