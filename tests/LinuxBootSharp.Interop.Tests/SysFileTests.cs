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

    [Fact]
    public void ListsProcAndItsOwnDescriptors()
    {
        Assert.Contains("self", SysFile.ListNames("/proc"));
        using var h = MemfdCreate.Create("lbs-list");
        var fd = ((int)h.DangerousGetHandle()).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(fd, SysFile.ListNames("/proc/self/fd"));
        Assert.StartsWith("Name:", SysFile.TryReadText("/proc/self/status"));
    }

    [Fact]
    public void ListsDirectoryLargerThanOneKernelBuffer()
    {
        // 3000 entries of ~40-byte names need well over one 32 KiB getdents64 buffer.
        var dir = Directory.CreateTempSubdirectory("lbs-bigdir").FullName;
        try
        {
            var expected = new List<string>();
            for (int i = 0; i < 3000; i++)
            {
                var name = $"entry-{i:D5}-with-a-longer-name-ü-{i % 7}";
                File.WriteAllBytes(Path.Combine(dir, name), []);
                expected.Add(name);
            }
            var names = SysFile.ListNames(dir);
            Assert.Equal(expected.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
