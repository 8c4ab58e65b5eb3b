using System.Text;
using LinuxBootSharp.BootConfig.Grub;
using LinuxBootSharp.Storage;
using LinuxBootSharp.Tests.Shared;
using static LinuxBootSharp.BootConfig.Tests.GrubTestSupport;

namespace LinuxBootSharp.BootConfig.Tests;

/// <summary>
/// Configs as grub-mkconfig writes them for installed systems (our own fixtures, written from
/// the /etc/grub.d templates of Debian 12 and Ubuntu 22.04), on a GPT disk with an ESP (gpt1)
/// and the root file system (gpt2).
/// </summary>
public sealed class GrubFixtureTests
{
    private const string DebianUuid = "4f1c2a3b-5d6e-4f70-8192-a3b4c5d6e7f8";
    private const string UbuntuUuid = "7d1e3c5a-9b2f-4e6d-8a1c-3f5e7b9d1a2c";

    private static string Fixture(string name) =>
        File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "LinuxBootSharp.BootConfig.Tests", "Fixtures", "Grub", name));

    private static (InMemoryFileTree Root, InMemoryFileTree Esp) Disk(string uuid, string kernelVersion, string? grubenv = null)
    {
        var esp = Volume("/dev/vda1", uuid: "ABCD-1234", disk: 0, part: 1, type: "vfat");
        var root = Volume("/dev/vda2", uuid: uuid, disk: 0, part: 2);
        root.AddFile($"/boot/vmlinuz-{kernelVersion}", "kernel").AddFile($"/boot/initrd.img-{kernelVersion}", "initrd");
        if (grubenv is not null)
            root.AddFile("/boot/grub/grubenv", EnvBlock(grubenv));
        return (root, esp);
    }

    /// <summary>A 1024-byte block as grub-editenv writes it, holding <paramref name="vars"/> ("a=b\n" lines).</summary>
    public static byte[] EnvBlock(string vars)
    {
        var b = GrubEnvBlock.CreateDefault();
        foreach (var line in vars.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = line.IndexOf('=');
            Assert.True(b.Set(line[..eq], line[(eq + 1)..]));
        }
        return b.ToArray();
    }

    [Fact]
    public void Debian12_lists_entries_with_hierarchy_and_default_first()
    {
        var (root, esp) = Disk(DebianUuid, "6.1.0-13-amd64");
        var ev = Eval(Fixture("debian12-installed.grub.cfg"), root, [esp]);
        var r = ev.Result;
        Assert.Equal(
            ["Debian GNU/Linux", "Debian GNU/Linux, with Linux 6.1.0-13-amd64", "Debian GNU/Linux, with Linux 6.1.0-13-amd64 (recovery mode)",
             "Debian GNU/Linux, with Linux 6.1.0-12-amd64", "Debian GNU/Linux, with Linux 6.1.0-12-amd64 (recovery mode)", "UEFI Firmware Settings"],
            r.Entries.Select(e => e.Title));
        var first = r.Entries[0];
        Assert.True(first.IsDefault);
        Assert.Single(r.Entries, e => e.IsDefault);
        Assert.Equal($"root=UUID={DebianUuid} ro quiet", first.Cmdline);
        Assert.Same(root, first.Kernel!.Tree);
        Assert.Equal("/boot/vmlinuz-6.1.0-13-amd64", first.Kernel.Path);
        Assert.Equal("/boot/initrd.img-6.1.0-13-amd64", Assert.Single(first.Initrds).Path);
        Assert.Equal($"gnulinux-simple-{DebianUuid}", first.Id);
        Assert.Equal("debian gnu-linux gnu os", first.Properties["class"]);
        Assert.Empty(first.SubmenuPath);
        Assert.Equal(["Advanced options for Debian GNU/Linux"], r.Entries[1].SubmenuPath);
        // menuentry_id_option is exported, so the ids survive into the submenu's context.
        Assert.Equal($"gnulinux-6.1.0-13-amd64-recovery-{DebianUuid}", r.Entries[2].Id);
        Assert.Equal($"root=UUID={DebianUuid} ro single", r.Entries[2].Cmdline);
        Assert.Contains("fwsetup", r.Entries[^1].NotBootableReason);
        Assert.Equal(TimeSpan.FromSeconds(5), r.Timeout);
        Assert.Empty(first.Diagnostics);
        // The older kernel's files are not on the disk: listed, with a diagnostic.
        Assert.Contains(r.Entries[3].Diagnostics, d => d.Message.Contains("not found", StringComparison.Ordinal));
    }

    [Fact]
    public void Debian12_saved_entry_selects_a_submenu_entry_by_path()
    {
        var (root, esp) = Disk(DebianUuid, "6.1.0-13-amd64",
            $"saved_entry=gnulinux-advanced-{DebianUuid}>gnulinux-6.1.0-12-amd64-advanced-{DebianUuid}\n");
        var r = Eval(Fixture("debian12-installed.grub.cfg"), root, [esp]).Result;
        var def = Assert.Single(r.Entries, e => e.IsDefault);
        Assert.Equal("Debian GNU/Linux, with Linux 6.1.0-12-amd64", def.Title);
    }

    [Fact]
    public void Debian12_next_entry_wins_once_over_saved_entry_and_is_cleared_in_memory()
    {
        var (root, esp) = Disk(DebianUuid, "6.1.0-13-amd64",
            "saved_entry=Advanced options for Debian GNU/Linux>Debian GNU/Linux, with Linux 6.1.0-12-amd64\nnext_entry=1>1\n");
        var ev = Eval(Fixture("debian12-installed.grub.cfg"), root, [esp]);
        var def = Assert.Single(ev.Result.Entries, e => e.IsDefault);
        Assert.Equal("Debian GNU/Linux, with Linux 6.1.0-13-amd64 (recovery mode)", def.Title);
        // save_env next_entry with next_entry="" rewrote the block (memory only); the disk is untouched.
        var saved = Encoding.ASCII.GetString(ev.SavedEnvironmentBlocks["/dev/vda2:/boot/grub/grubenv"]);
        Assert.Contains("\nnext_entry=\n", saved, StringComparison.Ordinal);
        Assert.Equal(1024, saved.Length);
        Assert.Contains("next_entry=1>1", Encoding.ASCII.GetString(root.ReadAllBytes("/boot/grub/grubenv")), StringComparison.Ordinal);

        // Evaluated again from the saved block (the next boot), saved_entry is the default again.
        var again = Volume("/dev/vda2", uuid: DebianUuid, disk: 0, part: 2);
        again.AddFile("/boot/grub/grubenv", ev.SavedEnvironmentBlocks["/dev/vda2:/boot/grub/grubenv"]);
        var next = Eval(Fixture("debian12-installed.grub.cfg"), again, [esp]).Result;
        Assert.Equal("Debian GNU/Linux, with Linux 6.1.0-12-amd64", Assert.Single(next.Entries, e => e.IsDefault).Title);
    }

    [Fact]
    public void Ubuntu_expands_vt_handoff_from_gfxmode_function_and_exported_linux_gfx_mode()
    {
        var (root, esp) = Disk(UbuntuUuid, "5.15.0-91-generic");
        var r = Eval(Fixture("ubuntu2204-installed.grub.cfg"), root, [esp]).Result;
        // "Ubuntu", 4 in the submenu, 2 memtest entries, "UEFI Firmware Settings".
        Assert.Equal(8, r.Entries.Count);
        var ubuntu = r.Entries[0];
        Assert.Equal($"root=UUID={UbuntuUuid} ro quiet splash vt.handoff=7", ubuntu.Cmdline);
        Assert.True(ubuntu.IsDefault);
        Assert.Equal($"root=UUID={UbuntuUuid} ro quiet splash vt.handoff=7", r.Entries[1].Cmdline);
        Assert.Equal($"root=UUID={UbuntuUuid} ro recovery nomodeset dis_ucode_ldr", r.Entries[2].Cmdline);
        // timeout_style=hidden with timeout=0 when the last boot did not fail.
        Assert.Equal(TimeSpan.Zero, r.Timeout);
        var memtest = r.Entries.Single(e => e.Id == "memtest86+-serial");
        Assert.Equal("console=ttyS0,115200", memtest.Cmdline);
        Assert.Equal("/boot/memtest86+x64.efi", memtest.Kernel!.Path);
    }

    [Fact]
    public void Ubuntu_after_a_failed_boot_waits_30s_and_drops_vt_handoff()
    {
        var (root, esp) = Disk(UbuntuUuid, "5.15.0-91-generic", "recordfail=1\n");
        var ev = Eval(Fixture("ubuntu2204-installed.grub.cfg"), root, [esp]);
        Assert.Equal(TimeSpan.FromSeconds(30), ev.Result.Timeout);
        // linux_gfx_mode=text: gfxmode empties vt_handoff, and an empty unquoted variable adds no argument.
        Assert.Equal($"root=UUID={UbuntuUuid} ro quiet splash", ev.Result.Entries[0].Cmdline);
        // recordfail inside the entry bodies ran save_env, but entry evaluation never leaks into the saved state.
        Assert.Empty(ev.SavedEnvironmentBlocks);
    }

    [Fact]
    public void Ubuntu_next_entry_by_id_path_picks_the_older_kernel()
    {
        var (root, esp) = Disk(UbuntuUuid, "5.15.0-91-generic",
            $"next_entry=gnulinux-advanced-{UbuntuUuid}>gnulinux-5.15.0-89-generic-advanced-{UbuntuUuid}\n");
        var r = Eval(Fixture("ubuntu2204-installed.grub.cfg"), root, [esp]).Result;
        var def = Assert.Single(r.Entries, e => e.IsDefault);
        Assert.Equal("Ubuntu, with Linux 5.15.0-89-generic", def.Title);
        Assert.Equal(["Advanced options for Ubuntu"], def.SubmenuPath);
    }

    [Fact]
    public void Esp_stub_config_chains_to_the_root_file_system_with_search_and_configfile()
    {
        var (root, esp) = Disk(DebianUuid, "6.1.0-13-amd64");
        root.AddFile("/boot/grub/grub.cfg", Fixture("debian12-installed.grub.cfg"));
        // What grub-install writes next to grubx64.efi on Debian.
        esp.AddFile("/EFI/debian/grub.cfg", $"search.fs_uuid {DebianUuid} root hd0,gpt2 \nset prefix=($root)'/boot/grub'\nconfigfile $prefix/grub.cfg\n");
        var parser = new GrubParser();
        var r = parser.Parse(esp, [esp, root]);
        Assert.Equal(6, r.Entries.Count);
        Assert.Same(root, r.Entries[0].Kernel!.Tree);
        Assert.Contains("/dev/vda2:/boot/grub/grub.cfg", r.ConfigFiles);
    }
}
