using System.Diagnostics;
using System.Text;
using LinuxBootSharp.Initramfs;

namespace LinuxBootSharp.Initramfs.Tests;

public sealed class CpioWriterTests
{
    private static byte[] Sample(uint mtime) =>
        new InitramfsBuilder()
            .Add(CpioEntry.Executable("init", Encoding.ASCII.GetBytes("#!/bin/sh\necho hi\n")))
            .Add(CpioEntry.CharDevice("dev/console", 5, 1))
            .Add(CpioEntry.Symlink("bin/sh", "busybox"))
            .Add(CpioEntry.File("etc/a/b/c.txt", Encoding.ASCII.GetBytes("odd-length")))
            .ToArray(mtime);

    /// <summary>GNU cpio, the reference reader, lists exactly what we wrote with the right types and modes.</summary>
    [Fact]
    public void GnuCpioReadsTheArchive()
    {
        var dir = Directory.CreateTempSubdirectory("lbs-cpio-");
        try
        {
            var file = Path.Combine(dir.FullName, "a.cpio");
            File.WriteAllBytes(file, Sample(1700000000));
            var psi = new ProcessStartInfo("cpio", ["-itv", "-F", file]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(psi)!;
            var listing = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            Assert.Equal(0, p.ExitCode);
            var lines = listing.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains(lines, l => l.StartsWith("crw-------") && l.Contains(" 5,") && l.EndsWith("dev/console"));
            Assert.Contains(lines, l => l.StartsWith("lrwxrwxrwx") && l.EndsWith("bin/sh -> busybox"));
            Assert.Contains(lines, l => l.StartsWith("-rwxr-xr-x") && l.EndsWith(" init"));
            Assert.Contains(lines, l => l.StartsWith("drwxr-xr-x") && l.EndsWith(" etc/a/b"));
            // Sorted: a directory always precedes what is inside it.
            var names = lines.Select(l => l.Split(' ').Last()).ToList();
            Assert.True(names.IndexOf("etc/a") < names.IndexOf("etc/a/b"));

            var extract = Path.Combine(dir.FullName, "x");
            Directory.CreateDirectory(extract);
            var psi2 = new ProcessStartInfo("cpio", ["-id", "--no-absolute-filenames", "-F", file, "etc/a/b/c.txt", "init"]) { WorkingDirectory = extract, RedirectStandardError = true };
            using var p2 = Process.Start(psi2)!;
            p2.WaitForExit();
            Assert.Equal("odd-length", File.ReadAllText(Path.Combine(extract, "etc/a/b/c.txt")));
            Assert.Equal("#!/bin/sh\necho hi\n", File.ReadAllText(Path.Combine(extract, "init")));
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void SameInputsGiveSameBytes()
    {
        Assert.Equal(Sample(42), Sample(42));
        Assert.NotEqual(Sample(42), Sample(43));
    }

    [Fact]
    public void ArchiveIsPaddedTo512AndEndsWithTrailer()
    {
        var a = Sample(0);
        Assert.Equal(0, a.Length % 512);
        var text = Encoding.ASCII.GetString(a);
        Assert.Contains("TRAILER!!!", text);
        Assert.StartsWith("070701", text);
    }

    [Fact]
    public void MtimeIsStampedInEveryHeader()
    {
        var text = Encoding.ASCII.GetString(Sample(0x12345678));
        int count = 0, i = 0;
        while ((i = text.IndexOf("070701", i, StringComparison.Ordinal)) >= 0)
        {
            // Fields: magic, ino, mode, uid, gid, nlink, mtime (the 6th 8-digit field).
            Assert.Equal("12345678", text.Substring(i + 6 + 5 * 8, 8));
            count++;
            i += 6;
        }
        Assert.True(count >= 5);
    }
}
