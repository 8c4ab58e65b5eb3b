namespace LinuxBootSharp.Interop.Tests;

public sealed class SysFileTests
{
    [Fact]
    public void ReadsListsAndTestsFilesLikeSysfsAttributes()
    {
        var dir = Directory.CreateTempSubdirectory("lbs-sysfile").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "size"), "2097152\n");
            File.WriteAllText(Path.Combine(dir, "blank"), " \n");
            File.WriteAllBytes(Path.Combine(dir, "big"), new byte[10_000]);
            Directory.CreateDirectory(Path.Combine(dir, "queue"));
            File.CreateSymbolicLink(Path.Combine(dir, "link"), "queue");

            Assert.Equal("2097152\n", SysFile.TryReadText(Path.Combine(dir, "size")));
            Assert.Equal("2097152", SysFile.TryReadAttribute(Path.Combine(dir, "size")));
            Assert.Null(SysFile.TryReadAttribute(Path.Combine(dir, "blank")));
            Assert.Null(SysFile.TryReadText(Path.Combine(dir, "missing")));
            Assert.Null(SysFile.TryReadText(Path.Combine(dir, "queue")));
            Assert.Equal(4096, SysFile.TryReadText(Path.Combine(dir, "big"))!.Length);
            Assert.Equal(10_000, SysFile.TryReadText(Path.Combine(dir, "big"), 1 << 20)!.Length);

            Assert.True(SysFile.Exists(Path.Combine(dir, "link")));
            Assert.False(SysFile.Exists(Path.Combine(dir, "missing")));
            Assert.Equal(["big", "blank", "link", "queue", "size"], SysFile.ListNames(dir).Order(StringComparer.Ordinal));
            Assert.Empty(SysFile.ListNames(Path.Combine(dir, "missing")));
            Assert.Empty(SysFile.ListNames(Path.Combine(dir, "size")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void ReadsProcLikeInitDoes()
    {
        // /proc files report size 0; the read loop must not trust st_size.
        var cmdline = SysFile.TryReadText("/proc/self/cmdline", 64 << 10);
        Assert.False(string.IsNullOrEmpty(cmdline));
    }
}
