using System.Diagnostics;
using LinuxBootSharp.Boot.Discovery;
using LinuxBootSharp.BootConfig;
using LinuxBootSharp.BootConfig.Grub;
using LinuxBootSharp.Storage;
using LinuxBootSharp.Tests.Shared;

namespace LinuxBootSharp.Boot.Tests;

/// <summary>GRUB's <c>loopback</c> through Boot's <see cref="IsoLoopbackOpener"/> and the real ISO9660 reader, on an image made by xorriso.</summary>
public sealed class IsoLoopbackOpenerTests
{
    private static string MakeIso()
    {
        var dir = Path.Combine(RepoPaths.TestData, "grub-loopback");
        var iso = Path.Combine(dir, "live.iso");
        if (File.Exists(iso))
            return iso;
        var src = Path.Combine(dir, "src");
        Directory.CreateDirectory(Path.Combine(src, "casper"));
        File.WriteAllText(Path.Combine(src, "casper", "vmlinuz"), "kernel-bytes");
        File.WriteAllText(Path.Combine(src, "casper", "initrd"), "initrd-bytes");
        var psi = new ProcessStartInfo("xorriso", ["-as", "mkisofs", "-quiet", "-R", "-J", "-V", "LIVE_2204", "-o", iso + ".tmp", src])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var p = Process.Start(psi)!;
        p.WaitForExit(60_000);
        Assert.True(p.ExitCode == 0, "xorriso failed: " + p.StandardError.ReadToEnd());
        File.Move(iso + ".tmp", iso, overwrite: true);
        return iso;
    }

    private static InMemoryFileTree Home() =>
        new(new FileSystemIdentity { Type = "ext4", Device = "/dev/vda2", Uuid = "11111111-2222-3333-4444-555555555555", DiskIndex = 0, PartitionNumber = 2, PartitionScheme = "gpt" });

    private static BootEntry Single(InMemoryFileTree home, string script)
    {
        home.AddFile("/boot/grub/grub.cfg", script);
        return Assert.Single(new GrubParser(IsoLoopbackOpener.Instance).Parse(home, [home]).Entries);
    }

    private const string LiveEntry = """
        menuentry "Live from ISO" {
          set isofile="/isos/live.iso"
          loopback loop $isofile
          linux (loop)/casper/vmlinuz boot=casper iso-scan/filename=${isofile} quiet
          initrd (loop)/casper/initrd
        }
        """;

    [Fact]
    public void Entry_boots_kernel_and_initrd_from_inside_an_iso_file()
    {
        var home = Home();
        home.AddFile("/isos/live.iso", File.ReadAllBytes(MakeIso()));
        var e = Single(home, LiveEntry);
        Assert.True(e.IsBootable, string.Join("; ", e.Diagnostics));
        Assert.Equal("iso9660", e.Kernel!.Tree.Identity.Type);
        Assert.Equal("/casper/vmlinuz", e.Kernel.Path);
        Assert.Equal(12, e.Kernel.Size());
        using (var s = e.Initrds[0].Tree.OpenRead(e.Initrds[0].Path))
        using (var r = new StreamReader(s))
            Assert.Equal("initrd-bytes", r.ReadToEnd());
        Assert.Equal("boot=casper iso-scan/filename=/isos/live.iso quiet", e.Cmdline);
    }

    [Fact]
    public void A_file_that_is_not_an_iso_gives_a_diagnostic_on_the_entry()
    {
        var home = Home();
        home.AddFile("/isos/bad.iso", new byte[64 * 1024]);
        var e = Single(home, "menuentry x { loopback loop /isos/bad.iso; linux (loop)/vmlinuz }");
        Assert.Null(e.Kernel);
        Assert.Contains(e.Diagnostics, d => d.Message.StartsWith("loopback: cannot open '/isos/bad.iso'", StringComparison.Ordinal) && d.Line == 1);
    }

    [Fact]
    public void Discovery_wires_the_iso_opener_into_the_grub_parser()
    {
        // What a user sees with `lbs scan DIR` on a disk that keeps live ISOs: the entry must
        // boot from inside the image, which only works when Boot hands GRUB an opener.
        var root = Directory.CreateTempSubdirectory("lbs-loopback-");
        try
        {
            Directory.CreateDirectory(Path.Combine(root.FullName, "isos"));
            Directory.CreateDirectory(Path.Combine(root.FullName, "boot", "grub"));
            File.Copy(MakeIso(), Path.Combine(root.FullName, "isos", "live.iso"));
            File.WriteAllText(Path.Combine(root.FullName, "boot", "grub", "grub.cfg"), LiveEntry);
            var r = new DiscoveryEngine(TimeSpan.FromSeconds(5)).Run([new DirectorySource("d", root.FullName)]);
            var e = Assert.Single(r.Entries, x => x.Source == "grub");
            Assert.True(e.IsBootable, string.Join("; ", e.Diagnostics));
            Assert.Equal("iso9660", e.Kernel!.Tree.Identity.Type);
        }
        finally
        {
            root.Delete(true);
        }
    }
}
