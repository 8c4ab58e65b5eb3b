using System.Diagnostics;
using LinuxBootSharp.Boot.Discovery;
using LinuxBootSharp.Boot.Targets;
using LinuxBootSharp.BootConfig;
using LinuxBootSharp.Storage;
using LinuxBootSharp.Tests.Shared;

namespace LinuxBootSharp.Boot.Tests;

/// <summary>
/// ISO images lying on a disk (<see cref="IsoFileScan"/>), on real artefacts: ISOs made by xorriso
/// around Debian's netboot kernel, inside an ext4 image made by <c>mkfs.ext4 -d</c>, read by the
/// whole discovery pipeline.
/// </summary>
public sealed class IsoFileScanTests
{
    private const string Uuid = "1a2b3c4d-0000-4000-8000-00000000beef";

    private static readonly string Kernel = Path.Combine(RepoPaths.Build, "netboot", "text", "debian-installer", "amd64", "linux");

    private const string LoopbackCfg = """
        # Super GRUB Disk convention: iso_path is set and exported, root is (loop)
        menuentry "Debian live (loopback)" {
          linux /live/vmlinuz boot=live findiso=${iso_path} img_dev=${img_dev} img_loop=${iso_path} quiet
          initrd /live/initrd.img
        }
        submenu "Advanced" {
          menuentry "Debian live (fail-safe)" {
            linux ($root)/live/vmlinuz boot=live findiso=${iso_path} noapic
            initrd /live/initrd.img
          }
        }
        """;

    private const string IsolinuxCfg = """
        default live
        timeout 50
        label live
          menu label Debian live (isolinux)
          kernel /live/vmlinuz
          append initrd=/live/initrd.img boot=live
        """;

    private static void Run(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool, args) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit(120_000);
        Assert.True(p.ExitCode == 0, $"{tool} failed: {err.Result}");
    }

    private static void Write(string root, string path, string text)
    {
        var f = Path.Combine(root, path.TrimStart('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(f)!);
        File.WriteAllText(f, text);
    }

    private static string MakeIso(string dir, string name, string? loopbackCfg)
    {
        var iso = Path.Combine(dir, name);
        if (File.Exists(iso))
            return iso;
        var src = Path.Combine(dir, "src-" + Path.GetFileNameWithoutExtension(name));
        if (Directory.Exists(src))
            Directory.Delete(src, true);
        Directory.CreateDirectory(Path.Combine(src, "live"));
        File.Copy(Kernel, Path.Combine(src, "live", "vmlinuz"));
        Write(src, "/live/initrd.img", "initrd-of-" + name);
        Write(src, "/isolinux/isolinux.cfg", IsolinuxCfg);
        if (loopbackCfg is not null)
            Write(src, "/boot/grub/loopback.cfg", loopbackCfg);
        Run("xorriso", "-as", "mkisofs", "-quiet", "-R", "-J", "-V", "DEBIAN_LIVE", "-o", iso + ".tmp", src);
        File.Move(iso + ".tmp", iso, overwrite: true);
        return iso;
    }

    /// <summary>
    /// The ext4 data disk: its own grub.cfg; /isos/x.iso (loopback.cfg); /plain.iso (isolinux only);
    /// /boot/iso/bad.iso (truncated); /data/old/deep.iso three levels deep; 70 more top-level
    /// directories, the last of them holding an ISO beyond the directory budget.
    /// </summary>
    private static string MakeDisk()
    {
        Assert.True(File.Exists(Kernel), $"{Kernel} missing: the netboot tree is unpacked by the Makefile");
        var dir = IsoDir();
        var img = Path.Combine(dir, "disk-v1.img");
        if (File.Exists(img))
            return img;
        var x = MakeIso(dir, "x.iso", LoopbackCfg);
        var plain = MakeIso(dir, "plain.iso", null);
        var tree = Path.Combine(dir, "tree");
        if (Directory.Exists(tree))
            Directory.Delete(tree, true);
        Directory.CreateDirectory(tree);
        Write(tree, "/boot/grub/grub.cfg", "set default=0\nset timeout=4\nmenuentry \"Installed system\" {\n  linux /vmlinuz root=/dev/vda ro\n}\n");
        Write(tree, "/vmlinuz", "K");
        Directory.CreateDirectory(Path.Combine(tree, "isos"));
        File.Copy(x, Path.Combine(tree, "isos", "x.iso"));
        File.Copy(plain, Path.Combine(tree, "plain.iso"));
        Directory.CreateDirectory(Path.Combine(tree, "boot", "iso"));
        var bytes = File.ReadAllBytes(x);
        File.WriteAllBytes(Path.Combine(tree, "boot", "iso", "bad.iso"), bytes.AsSpan(0, 36 * 1024).ToArray());
        Directory.CreateDirectory(Path.Combine(tree, "data", "old"));
        File.Copy(x, Path.Combine(tree, "data", "old", "deep.iso"));
        for (int i = 0; i < 70; i++)
            Directory.CreateDirectory(Path.Combine(tree, $"d{i:00}"));
        File.Copy(x, Path.Combine(tree, "d69", "late.iso"));
        Run("truncate", "-s", "96M", img + ".tmp");
        Run("mkfs.ext4", "-q", "-F", "-U", Uuid, "-L", "data", "-d", tree, img + ".tmp");
        File.Move(img + ".tmp", img, overwrite: true);
        Directory.Delete(tree, true);
        return img;
    }

    private static string IsoDir()
    {
        var dir = Path.Combine(RepoPaths.TestData, "iso-scan");
        Directory.CreateDirectory(dir);
        return dir;
    }

    private const string ArchLoopbackCfg = """
        if search --no-floppy --file --set=archiso_img_dev "${iso_path}"; then
          probe --set=archiso_fs_uuid --fs-uuid "${archiso_img_dev}"
          menuentry "Arch live" {
            linux /live/vmlinuz img_dev=/dev/disk/by-uuid/${archiso_fs_uuid} img_loop=${iso_path}
          }
        fi
        """;

    private static DiscoveryResult Discover() =>
        new DiscoveryEngine(TimeSpan.FromSeconds(20)).Run([DiskTargets.Source(MakeDisk())]);

    private static byte[] Read(FileRef f)
    {
        using var s = f.Tree.OpenRead(f.Path);
        using var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }

    [Fact]
    public void Loopback_cfg_entries_of_an_iso_on_ext4_are_offered_with_iso_path_expanded()
    {
        var r = Discover();
        var fromX = r.Entries.Where(e => e.IsoFile?.EndsWith(":/isos/x.iso", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(["Debian live (loopback)", "Debian live (fail-safe)"], fromX.Select(e => e.Title));
        var live = fromX[0];
        Assert.Equal(["x.iso"], live.SubmenuPath);
        Assert.Equal(["x.iso", "Advanced"], fromX[1].SubmenuPath);
        Assert.True(live.IsBootable, string.Join("; ", live.Diagnostics));
        Assert.Equal($"boot=live findiso=/isos/x.iso img_dev=/dev/disk/by-uuid/{Uuid} img_loop=/isos/x.iso quiet", live.Cmdline);
        Assert.Equal("boot=live findiso=/isos/x.iso noapic", fromX[1].Cmdline);
        Assert.Equal("iso9660", live.Kernel!.Tree.Identity.Type);
        Assert.Equal("/live/vmlinuz", live.Kernel.Path);
        Assert.Equal(File.ReadAllBytes(Kernel), Read(live.Kernel));
        Assert.Equal("initrd-of-x.iso", System.Text.Encoding.ASCII.GetString(Read(Assert.Single(live.Initrds))));
        Assert.All(fromX, e => Assert.False(e.IsDefault));

        // The disk's own entry comes first and stays the default, with its own timeout.
        Assert.Equal("Installed system", r.Entries[0].Title);
        Assert.Null(r.Entries[0].IsoFile);
        Assert.Same(r.Default, r.Entries[0]);
        Assert.Equal(TimeSpan.FromSeconds(4), r.Timeout);

        // The menu groups each image's entries in a submenu titled with its file name.
        var items = LinuxBootSharp.Boot.MenuHost.EntryMenuItems.Build(r);
        var sub = Assert.Single(items, i => i.Title == "x.iso");
        Assert.Equal(["Debian live (loopback)", "Advanced"], sub.Children.Select(c => c.Title));
        Assert.Contains(items, i => i.Title == "plain.iso" && i.IsSubmenu);
    }

    [Fact]
    public void An_iso_without_loopback_cfg_is_read_through_its_isolinux_config()
    {
        var r = Discover();
        var e = Assert.Single(r.Entries, e => e.IsoFile?.EndsWith(":/plain.iso", StringComparison.Ordinal) == true);
        Assert.Equal("Debian live (isolinux)", e.Title);
        Assert.Equal("syslinux", e.Source);
        Assert.Equal(["plain.iso"], e.SubmenuPath);
        Assert.False(e.IsDefault);
        Assert.True(e.IsBootable, string.Join("; ", e.Diagnostics));
        Assert.Equal(File.ReadAllBytes(Kernel), Read(e.Kernel!));
        Assert.Contains(r.Diagnostics, d => d.Severity == Severity.Info && d.Message.Contains("plain.iso has no /boot/grub/loopback.cfg", StringComparison.Ordinal));
        Assert.DoesNotContain(r.Diagnostics, d => d.Message.Contains("x.iso has no", StringComparison.Ordinal));
    }

    [Fact]
    public void Scan_is_bounded_deep_isos_are_not_found_and_a_truncated_iso_is_named_in_a_diagnostic()
    {
        var r = Discover();
        // Not walked: three levels deep, and beyond the directory budget.
        Assert.DoesNotContain(r.Entries, e => e.IsoFile?.Contains("deep.iso", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(r.Entries, e => e.IsoFile?.Contains("late.iso", StringComparison.Ordinal) == true);
        Assert.Contains(r.Diagnostics, d => d.Message.Contains($"only {IsoFileScan.MaxDirectories} directories", StringComparison.Ordinal));
        // The truncated image is named; the disk's own entry and the other images remain.
        Assert.Contains(r.Diagnostics, d => d.Message.Contains("/boot/iso/bad.iso", StringComparison.Ordinal));
        Assert.DoesNotContain(r.Entries, e => e.IsoFile?.Contains("bad.iso", StringComparison.Ordinal) == true && e.IsBootable);
        Assert.Contains(r.Entries, e => e.Title == "Installed system");
        Assert.Equal(3, r.Entries.Count(e => e.IsoFile is not null && e.IsBootable));
    }

    [Fact]
    public void Iso_scan_can_be_turned_off()
    {
        var r = new DiscoveryEngine(TimeSpan.FromSeconds(20)) { ScanIsoFiles = false }.Run([DiskTargets.Source(MakeDisk())]);
        Assert.DoesNotContain(r.Entries, e => e.IsoFile is not null);
        Assert.Equal("Installed system", Assert.Single(r.Entries).Title);
    }

    [Fact]
    public void At_most_MaxIsos_images_are_read_per_file_system_and_each_broken_one_is_named()
    {
        var host = new InMemoryFileTree(new FileSystemIdentity { Type = "ext4", Device = "/dev/sdb1", DiskIndex = 0 });
        for (int i = 0; i < IsoFileScan.MaxIsos + 4; i++)
            host.AddFile($"/isos/n{i:00}.iso", new byte[4096]);
        var list = IsoFileScan.Scan(host, [host], TimeSpan.FromSeconds(30));
        var diags = list.SelectMany(x => x.Result.Diagnostics).ToList();
        Assert.Contains(diags, d => d.Message.Contains($"{IsoFileScan.MaxIsos + 4} ISO images found, only the first {IsoFileScan.MaxIsos}", StringComparison.Ordinal));
        Assert.Equal(IsoFileScan.MaxIsos, diags.Count(d => d.Message.StartsWith("ISO image /dev/sdb1:/isos/n", StringComparison.Ordinal)));
        Assert.Contains(diags, d => d.Message.StartsWith("ISO image /dev/sdb1:/isos/n00.iso cannot be read", StringComparison.Ordinal));
        Assert.DoesNotContain(diags, d => d.Message.Contains("n19.iso", StringComparison.Ordinal));
    }

    [Fact]
    public void No_image_is_started_once_the_time_budget_is_spent()
    {
        var host = new InMemoryFileTree(new FileSystemIdentity { Type = "ext4", Device = "/dev/sdb1", DiskIndex = 0 });
        host.AddFile("/x.iso", File.ReadAllBytes(MakeIso(IsoDir(), "x.iso", LoopbackCfg)));
        var list = IsoFileScan.Scan(host, [host], TimeSpan.Zero - TimeSpan.FromTicks(1));
        Assert.Empty(list.SelectMany(x => x.Result.Entries));
        Assert.Contains(list.SelectMany(x => x.Result.Diagnostics), d => d.Message.Contains("1 ISO image(s) not read (first: /dev/sdb1:/x.iso)", StringComparison.Ordinal));
    }

    [Fact]
    public void An_archiso_style_loopback_cfg_finds_its_image_with_search_and_probe()
    {
        // archiso/SystemRescue: "only ${iso_path} is guaranteed", so the config looks the file
        // system up itself: search --file $iso_path, probe --fs-uuid.
        var host = new InMemoryFileTree(new FileSystemIdentity { Type = "ext4", Device = "/dev/sdb1", Uuid = Uuid, DiskIndex = 0, PartitionNumber = 1, PartitionScheme = "gpt" });
        host.AddFile("/isos/arch.iso", File.ReadAllBytes(MakeIso(IsoDir(), "arch.iso", ArchLoopbackCfg)));
        var (r, tree) = IsoFileScan.ReadOne(host, "/isos/arch.iso", [host]);
        Assert.Equal("iso9660", tree.Identity.Type);
        var e = Assert.Single(r.Entries);
        Assert.Equal($"img_dev=/dev/disk/by-uuid/{Uuid} img_loop=/isos/arch.iso", e.Cmdline);
        Assert.Equal("/dev/sdb1:/isos/arch.iso", e.IsoFile);
        Assert.Equal(["arch.iso"], e.SubmenuPath);
    }

    /// <summary>Debian's netboot installer tree as an ISO (its pxelinux config, no loopback.cfg) at the top of an ext4 disk.</summary>
    private static string MakeNetbootDisk()
    {
        var netboot = Path.Combine(RepoPaths.Build, "netboot", "text");
        Assert.True(Directory.Exists(netboot), $"{netboot} missing: the netboot tree is unpacked by the Makefile");
        var dir = IsoDir();
        var img = Path.Combine(dir, "netboot-disk-v1.img");
        if (File.Exists(img))
            return img;
        var tree = Path.Combine(dir, "netboot-tree");
        if (Directory.Exists(tree))
            Directory.Delete(tree, true);
        Directory.CreateDirectory(tree);
        // -f: the tree's top-level symlinks (pxelinux.cfg, ldlinux.c32) become the files they name.
        Run("xorriso", "-as", "mkisofs", "-quiet", "-f", "-R", "-J", "-V", "DEBIAN_NETBOOT", "-o", Path.Combine(tree, "netboot.iso"), netboot);
        var size = new FileInfo(Path.Combine(tree, "netboot.iso")).Length;
        Run("truncate", "-s", $"{(size >> 20) + 48}M", img + ".tmp");
        Run("mkfs.ext4", "-q", "-F", "-U", Uuid, "-d", tree, img + ".tmp");
        File.Move(img + ".tmp", img, overwrite: true);
        Directory.Delete(tree, true);
        return img;
    }

    [Fact]
    public void Debian_netboot_iso_on_ext4_offers_the_installer_with_kernel_and_initrd_from_inside_the_image()
    {
        var r = new DiscoveryEngine(TimeSpan.FromSeconds(30)).Run([DiskTargets.Source(MakeNetbootDisk())]);
        var fromIso = r.Entries.Where(e => e.IsoFile?.EndsWith(":/netboot.iso", StringComparison.Ordinal) == true).ToList();
        Assert.NotEmpty(fromIso);
        Assert.All(fromIso, e => Assert.Equal("netboot.iso", e.SubmenuPath[0]));
        Assert.Null(r.Default);
        var install = fromIso.First(e => e.Id == "install");
        Assert.True(install.IsBootable, string.Join("; ", install.Diagnostics));
        Assert.Equal("iso9660", install.Kernel!.Tree.Identity.Type);
        var amd64 = Path.Combine(RepoPaths.Build, "netboot", "text", "debian-installer", "amd64");
        Assert.Equal(File.ReadAllBytes(Path.Combine(amd64, "linux")), Read(install.Kernel));
        var initrd = Assert.Single(install.Initrds);
        Assert.Equal(new FileInfo(Path.Combine(amd64, "initrd.gz")).Length, initrd.Size());
        Assert.Contains("vga=788", install.Cmdline, StringComparison.Ordinal);
    }
}
