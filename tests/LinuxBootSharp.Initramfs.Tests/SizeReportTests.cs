using LinuxBootSharp.Mkinitramfs;

namespace LinuxBootSharp.Initramfs.Tests;

/// <summary>lbs-mkinitramfs run in-process on a scratch layout for the "generic" board (no modules).</summary>
public sealed class SizeReportTests : IDisposable
{
    private readonly DirectoryInfo _tmp = Directory.CreateTempSubdirectory("lbs-report-");

    public void Dispose() => _tmp.Delete(true);

    private string P(string rel) => Path.Combine(_tmp.FullName, rel);

    private (int Code, string Out, string Err) Run(params string[] extra)
    {
        var lbs = P("lbs");
        File.WriteAllBytes(lbs, new byte[1000]);
        var so = new StringWriter();
        var se = new StringWriter();
        int rc = MkinitramfsCommand.Run(["--board", "generic", "--lbs", lbs, "--out", P("out.cpio"), "--compress", "none", "--layout", P("layout"), .. extra], so, se);
        return (rc, so.ToString(), se.ToString());
    }

    private void Write(string rel, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(P(rel))!);
        File.WriteAllText(P(rel), text);
    }

    [Fact]
    public void ReportListsTheLayoutAndTheBoardsOverrides()
    {
        Write("layout/base.list", "file /init @lbs 0755 0 0\nnod /dev/console 0600 0 0 c 5 1\n");
        Write("layout/base/etc/os-release", "NAME=x\n");               // 7 bytes
        Write("layout/boards/generic/etc/os-release", "NAME=generic\n"); // 13 bytes, replaces the base's
        Write("layout/boards/generic/etc/extra", "abc");               // 3 bytes
        var (rc, output, err) = Run();
        Assert.True(rc == 0, err);
        var layoutLine = output.Split('\n').Single(l => l.TrimStart().StartsWith("layout "));
        Assert.Matches(@"^\s+layout\s+16 bytes\s+2 files, 5 members from .*\(base \+ overlay boards/generic\)$", layoutLine);
        Assert.Contains("/etc/os-release: layout/boards/generic/etc/os-release overrides layout/base/etc/os-release", output);
        Assert.Contains("lbs binary", output);
        Assert.Contains("whole image, xz", output);
        var members = CpioReader.Read(File.ReadAllBytes(P("out.cpio"))).ToDictionary(m => m.Name);
        Assert.Equal("NAME=generic\n", members["etc/os-release"].Text);
        Assert.Equal(1000, members["init"].Data.Length);
    }

    [Fact]
    public void BadListLineFailsTheBuildWithFileAndLine()
    {
        Write("layout/base.list", "file /init @lbs 0755 0 0\nnod /dev/console 0600 0 0 c 5\n");
        var (rc, _, err) = Run();
        Assert.Equal(1, rc);
        Assert.Contains("layout/base.list:2: nod takes 7 fields", err);
        Assert.False(File.Exists(P("out.cpio")));
    }

    [Fact]
    public void OverlayForAnUnknownBoardIsAnError()
    {
        Write("layout/base.list", "file /init @lbs 0755 0 0\n");
        Write("layout/boards/qemu-x86-64.list", "dir /x 0755 0 0\n"); // typo: the board is qemu-x86_64
        var (rc, _, err) = Run();
        Assert.Equal(1, rc);
        Assert.Contains("overlay for unknown board qemu-x86-64", err);
    }
}
