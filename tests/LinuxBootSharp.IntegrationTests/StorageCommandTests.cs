using System.Text;

namespace LinuxBootSharp.IntegrationTests;

/// <summary>`lbs disks`, `lbs ls`, `lbs cat` (the static binary) on the qemu disk set, checked against what make-disks.sh put there.</summary>
public sealed class StorageCommandTests
{
    private static (int Code, byte[] Out, string Err) Lbs(params string[] args)
    {
        DiskSet.Ensure();
        return Artifacts.RunLbs(args);
    }

    [Fact]
    public void DisksShowsPartitionsWithTheIdentitiesTheToolsSet()
    {
        var (code, o, err) = Lbs("disks", DiskSet.Path("disk1-gpt.img"), DiskSet.Path("disk2-xfs.img"));
        Assert.True(code == 0, err);
        var text = Encoding.UTF8.GetString(o);
        Assert.Contains("hd0,gpt1", text);
        Assert.Matches(@"hd0,gpt1 .*vfat\s+LABEL=""ESP""\s+UUID=1234-ABCD", text);
        Assert.Matches(@"hd0,gpt2 .*ext4\s+LABEL=""debian-boot""\s+UUID=0b1c1a2e-6d1f-4c55-9a33-5a8e5d1e2b01", text);
        Assert.Matches(@"hd1,msdos1 .*xfs\s+LABEL=""rhel-boot""\s+UUID=8c1f7e2a-3b5d-4c9e-a6f0-2d4b9e1c7a53", text);
    }

    [Fact]
    public void LsListsADirectoryOnTheEsp()
    {
        var (code, o, err) = Lbs("ls", DiskSet.Path("disk1-gpt.img") + ":1:/loader/entries");
        Assert.True(code == 0, err);
        Assert.Equal(["fedora-bls-a.conf", "fedora-bls-b.conf", "fedora-bls-c.conf"], Encoding.UTF8.GetString(o).Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void CatReadsTheGrubenvBlockFromXfs()
    {
        var (code, o, err) = Lbs("cat", DiskSet.Path("disk2-xfs.img") + ":1:/grub2/grubenv");
        Assert.True(code == 0, err);
        Assert.Equal(1024, o.Length);
        var text = Encoding.ASCII.GetString(o);
        Assert.StartsWith("# GRUB Environment Block\n", text);
        Assert.Contains("saved_entry=4f2a9b7c1d3e4a5b8c6d7e8f9a0b1c2d-5.14.0-2.el9.x86_64\n", text);
    }

    [Fact]
    public void CatOfTheKernelIsByteIdentical()
    {
        var (code, o, err) = Lbs("cat", DiskSet.Path("disk3-iso.iso") + ":/install/vmlinuz");
        Assert.True(code == 0, err);
        Assert.Equal(File.ReadAllBytes(Artifacts.Kernel), o);
    }

    [Fact]
    public void ErrorsAreOneLineNamingTheProblem()
    {
        var (code, _, err) = Lbs("cat", DiskSet.Path("disk1-gpt.img") + ":2:/nope");
        Assert.Equal(1, code);
        Assert.Equal($"lbs cat: {DiskSet.Path("disk1-gpt.img")}:2:/nope: no such file or directory", err.Trim());

        var (code2, _, err2) = Lbs("ls", DiskSet.Path("disk4-corrupt.img") + ":1:/");
        Assert.Equal(1, code2);
        Assert.Single(err2.Trim().Split('\n'));
        Assert.Contains("CRC mismatch", err2);
    }

    [Fact]
    public void OutputToAReaderThatQuitsOrAFullDiskEndsCleanly()
    {
        DiskSet.Ensure();
        // `lbs cat kernel | head -c 10`: the reader goes away; no crash, no complaint.
        var sh = $"{Artifacts.Lbs} cat {DiskSet.Path("disk3-iso.iso")}:/install/vmlinuz | head -c 10 >/dev/null; echo \"rc=${{PIPESTATUS[0]}}\"";
        var psi = new System.Diagnostics.ProcessStartInfo("/bin/bash", ["-c", sh]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using (var p = System.Diagnostics.Process.Start(psi)!)
        {
            var err = p.StandardError.ReadToEnd();
            var o = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            Assert.Equal("rc=0", o.Trim());
            Assert.Equal("", err);
        }
        // stdout on a full disk: one line naming the errno, exit 1.
        var psi2 = new System.Diagnostics.ProcessStartInfo("/bin/sh", ["-c", $"{Artifacts.Lbs} ls {DiskSet.Path("disk1-gpt.img")}:1:/loader/entries >/dev/full"]) { RedirectStandardError = true };
        using var p2 = System.Diagnostics.Process.Start(psi2)!;
        var err2 = p2.StandardError.ReadToEnd();
        p2.WaitForExit();
        Assert.Equal(1, p2.ExitCode);
        Assert.Equal("lbs ls: write to fd 1 failed: ENOSPC", err2.Trim());
    }
}
