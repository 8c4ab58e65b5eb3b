using LinuxBootSharp.Interop;

namespace LinuxBootSharp.Interop.Tests;

/// <summary>newfstatat(2) with AT_SYMLINK_NOFOLLOW on nodes every Linux host has.</summary>
public sealed class FileTypeTests
{
    [Fact]
    public void TellsEveryKindOfNodeApart()
    {
        Assert.Equal(HostFileType.Regular, FileType.Of("/proc/self/status"));
        Assert.Equal(HostFileType.Directory, FileType.Of("/proc"));
        Assert.Equal(HostFileType.Symlink, FileType.Of("/proc/self"));
        Assert.Equal(HostFileType.Special, FileType.Of("/dev/null"));
        Assert.Equal(HostFileType.Missing, FileType.Of("/proc/no-such-node"));
        Assert.Equal(HostFileType.Missing, FileType.Of("/proc/self/status/below-a-file"));
    }

    [Fact]
    public void OtherErrorsNameTheCallAndPath()
    {
        var e = Assert.Throws<ErrnoException>(() => FileType.Of("/proc/" + new string('x', 5000)));
        Assert.Equal(Errno.ENAMETOOLONG, e.Errno);
        Assert.Equal("newfstatat", e.Call);
    }
}
