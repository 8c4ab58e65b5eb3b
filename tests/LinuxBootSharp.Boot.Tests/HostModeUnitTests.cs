using System.Diagnostics;
using System.Text;
using LinuxBootSharp.Boot.Discovery;
using LinuxBootSharp.Boot.Kexec;
using LinuxBootSharp.BootConfig;
using LinuxBootSharp.BootConfig.Grub;
using LinuxBootSharp.Interop;

namespace LinuxBootSharp.Boot.Tests;

/// <summary>The host-mode pieces of issue 19 that need no guest: grubenv bytes against the real grub-editenv, entry selection, sha256sum lists, the hand-off archive, mountinfo, the one-shot EFI variable, the remount walk.</summary>
public sealed class HostModeUnitTests
{
    private static byte[] GrubEditenv(byte[]? seed, params string[] sets)
    {
        var f = Path.Combine(Path.GetTempPath(), "lbs-grubenv-" + Guid.NewGuid().ToString("N"));
        if (seed is not null)
            File.WriteAllBytes(f, seed);
        try
        {
            foreach (var s in sets)
            {
                var psi = new ProcessStartInfo("grub-editenv", [f, "set", s]) { RedirectStandardError = true };
                using var p = Process.Start(psi)!;
                p.WaitForExit();
                Assert.True(p.ExitCode == 0, p.StandardError.ReadToEnd());
            }
            return File.ReadAllBytes(f);
        }
        finally
        {
            File.Delete(f);
        }
    }

    [Theory]
    [InlineData("gnulinux-advanced-1234>gnulinux-6.1.0-advanced-1234")]
    [InlineData("Debian GNU/Linux, with Linux 6.1.0-18-amd64 (recovery mode)")]
    [InlineData("back\\slash and\nnewline")]
    public void NextEntryBytesEqualGrubEditenvOnNewAndExistingBlocks(string value)
    {
        Assert.Equal(GrubEditenv(null, "next_entry=" + value), GrubEnvWriter.Set(null, "grubenv", "next_entry", value));
        var seed = GrubEditenv(null, "saved_entry=0", "next_entry=a-much-longer-previous-value-to-shrink", "boot_success=1");
        Assert.Equal(GrubEditenv(seed, "next_entry=" + value), GrubEnvWriter.Set(seed, "grubenv", "next_entry", value));
    }

    [Fact]
    public void GrubEnvWriterRefusesWhatGrubEditenvRefuses()
    {
        var e = Assert.Throws<GrubEnvWriteException>(() => GrubEnvWriter.Set(Encoding.ASCII.GetBytes("not a grubenv"), "/boot/grub/grubenv", "next_entry", "x"));
        Assert.Contains("/boot/grub/grubenv: invalid environment block", e.Message);
        var full = GrubEnvWriter.Set(null, "g", "next_entry", "x");
        var tooBig = new string('y', 2000);
        Assert.Contains("too small", Assert.Throws<GrubEnvWriteException>(() => GrubEnvWriter.Set(full, "g", "next_entry", tooBig)).Message);
    }

    private static List<BootEntry> Entries() =>
    [
        new() { Title = "Debian", Id = "gnulinux-simple", Source = "grub", SourceFile = "/dev/vda2:/boot/grub/grub.cfg" },
        new() { Title = "Debian, 6.1", Id = "gnulinux-6.1", Source = "grub", SourceFile = "/dev/vda2:/boot/grub/grub.cfg", SubmenuPath = ["Advanced options"] },
        new() { Title = "A>B", Source = "grub", SourceFile = "/dev/vda2:/boot/grub/grub.cfg" },
        new() { Title = "Debian", Id = "other", Source = "grub", SourceFile = "/dev/vdb2:/boot/grub/grub.cfg" },
    ];

    [Fact]
    public void EntrySelectorTakesNumberIdTitleAndSubmenuPath()
    {
        var e = Entries();
        Assert.Same(e[1], EntrySelector.Select(e, "2"));
        Assert.Same(e[1], EntrySelector.Select(e, "Advanced options>gnulinux-6.1"));
        Assert.Same(e[1], EntrySelector.Select(e, "Advanced options>Debian, 6.1"));
        Assert.Same(e[1], EntrySelector.Select(e, "Advanced options > Debian, 6.1"));
        Assert.Same(e[1], EntrySelector.Select(e, "gnulinux-6.1"));
        Assert.Same(e[2], EntrySelector.Select(e, "A>>B"));
        Assert.Same(e[0], EntrySelector.Select(e, "gnulinux-simple"));
        var amb = Assert.Throws<EntrySelectionException>(() => EntrySelector.Select(e, "Debian"));
        Assert.Contains("#1 grub /dev/vda2", amb.Message);
        Assert.Contains("#4 grub /dev/vdb2", amb.Message);
        Assert.Contains("numbers 1-4", Assert.Throws<EntrySelectionException>(() => EntrySelector.Select(e, "9")).Message);
        Assert.Equal("Advanced options>gnulinux-6.1", GrubEnvWriter.NextEntry(e[1]));
        Assert.Equal("A>>B", GrubEnvWriter.NextEntry(e[2]));
    }

    [Fact]
    public void Sha256SumsReadsBothModesAndNamesBadLines()
    {
        var h1 = new string('a', 64);
        var h2 = new string('B', 64);
        var sums = Sha256Sums.Parse($"{h1}  /boot/vmlinuz\n{h2} *initrd.img\n", "SUMS");
        Assert.Equal(h1, sums.For("/boot/vmlinuz"));
        Assert.Equal(h2.ToLowerInvariant(), sums.For(Path.GetFullPath("initrd.img")));
        Assert.Null(sums.For("/other"));
        var e = Assert.Throws<BootLoadException>(() => Sha256Sums.Parse($"{h1}  a\nnonsense\n", "SUMS"));
        Assert.StartsWith("SUMS:2:", e.Message);
    }

    [Fact]
    public void StagingRefusesAMismatchBeforeLoadingAndNamesBothHashes()
    {
        var f = Path.Combine(Path.GetTempPath(), "lbs-k-" + Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(f, Encoding.ASCII.GetBytes("kernel bytes"));
        try
        {
            var want = new string('0', 64);
            var req = new BootRequest("t", BootFile.FromHostPath(f) with { ExpectedSha256 = want }, [], "");
            var e = Assert.Throws<BootLoadException>(() => StagedImage.Stage(req, measure: false));
            Assert.Equal($"{f}: SHA-256 mismatch: expected {want}, got {Sha256.HashHex(Encoding.ASCII.GetBytes("kernel bytes"))}; nothing loaded", e.Message);
            var ok = new BootRequest("t", BootFile.FromHostPath(f) with { ExpectedSha256 = Sha256.HashHex(Encoding.ASCII.GetBytes("kernel bytes")) }, [], "");
            using var img = StagedImage.Stage(ok, measure: false);
            Assert.NotNull(img.Files[0].Sha256);
        }
        finally
        {
            File.Delete(f);
        }
    }

    [Fact]
    public void HandoffArchiveIsNewcWithPrivateModesAndASeed()
    {
        var h = new HandoffArchive();
        h.Add("/.lbs/key", Encoding.ASCII.GetBytes("k"));
        h.AddRandomSeed();
        var a = h.ToArray();
        var text = Encoding.ASCII.GetString(a);
        Assert.StartsWith("070701", text);
        Assert.Contains(".lbs/key", text);
        Assert.Contains(".lbs/random-seed", text);
        Assert.Contains("TRAILER!!!", text);
        // The key's header: mode 0100600 (regular file, rw-------), the directory 040700.
        Assert.Contains("000081800", text);
        Assert.Contains("000041c00", text);
        Assert.Equal(0, a.Length % 512);
        Assert.Throws<BootLoadException>(() => h.Add("../etc/passwd", []));
        Assert.Throws<BootLoadException>(() => h.Add(".lbs/key", []));
    }

    [Fact]
    public void MountInfoIsParsedWithEscapes()
    {
        var m = MountTable.Parse(
            "22 1 8:2 / / rw,relatime shared:1 - ext4 /dev/sda2 rw\n" +
            "23 22 0:5 / /dev rw,nosuid shared:2 - devtmpfs udev rw\n" +
            "40 22 8:3 /sub /mnt/my\\040disk ro,relatime - xfs /dev/sdb1 ro\n");
        Assert.Equal(3, m.Count);
        Assert.Equal("/mnt/my disk", m[2].MountPoint);
        Assert.Equal("/sub", m[2].Root);
        Assert.True(m[2].ReadOnly);
        Assert.False(m[0].ReadOnly);
        Assert.Equal("/mnt/my disk", MountTable.MountOf(m, "/mnt/my disk/x")!.MountPoint);
    }

    [Fact]
    public void RemountWalksInnermostFirstSkipsApiFileSystemsAndReportsFailures()
    {
        var mounts = MountTable.Parse(
            "22 1 8:2 / / rw - ext4 /dev/sda2 rw\n23 22 0:5 / /proc rw - proc proc rw\n24 22 8:3 / /data rw - ext4 /dev/sdb1 rw\n25 22 8:4 / /ro ro - ext4 /dev/sdc1 ro\n");
        var calls = new List<string>();
        var log = new List<string>();
        var left = new ReadOnlyRemount(log.Add,
            remount: m => { calls.Add("remount " + m); if (m == "/data") throw new ErrnoException("mount", Errno.EBUSY); },
            unmount: m => { calls.Add("umount " + m); throw new ErrnoException("umount2", Errno.EBUSY); }).Run(mounts);
        Assert.Equal(["remount /data", "umount /data", "remount /"], calls);
        Assert.Single(left);
        Assert.StartsWith("/data (ext4 /dev/sdb1): remount read-only EBUSY", left[0]);
        Assert.Contains("remounted read-only: / (ext4 /dev/sda2)", log);
    }

    [Fact]
    public void OneShotVariableIsAttributesThenUtf16WithNul()
    {
        var d = LoaderEntryOneShot.Encode("debian-6.1.conf");
        Assert.Equal(new byte[] { 7, 0, 0, 0 }, d[..4]);
        Assert.Equal("debian-6.1.conf\0", Encoding.Unicode.GetString(d, 4, d.Length - 4));
        var dir = Path.Combine(Path.GetTempPath(), "lbs-efivars-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllBytes(Path.Combine(dir, $"LoaderInfo-{LoaderEntryOneShot.VendorGuid}"), [7, 0, 0, 0]);
            var bls = new BootEntry { Title = "Debian", Id = "debian-6.1", Source = "bls", SourceFile = "/dev/vda1:/loader/entries/debian-6.1.conf" };
            var log = new List<string>();
            var r = RebootInstead.Run(bls, "test", new RebootInsteadOptions { Log = log.Add, EfiVars = dir, WriteOnly = true });
            Assert.Equal(LoaderEntryOneShot.Name, r.Mechanism);
            Assert.Equal(d, File.ReadAllBytes(Path.Combine(dir, $"LoaderEntryOneShot-{LoaderEntryOneShot.VendorGuid}")));
            Assert.False(r.Rebooting);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
