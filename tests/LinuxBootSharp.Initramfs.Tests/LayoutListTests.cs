using LinuxBootSharp.Initramfs;

namespace LinuxBootSharp.Initramfs.Tests;

/// <summary>The gen_init_cpio list grammar (usr/gen_init_cpio.c usage text), good and bad lines.</summary>
public sealed class LayoutListTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("lbs-layoutlist-");

    public void Dispose() => _root.Delete(true);

    private List<LayoutItem> Parse(string text) => LayoutList.Parse(text, "t.list", _root.FullName, _root.FullName);

    [Fact]
    public void EveryKindParses()
    {
        File.WriteAllText(Path.Combine(_root.FullName, "hello"), "hi");
        var items = Parse(
            "# comment\n" +
            "\n" +
            "dir /dev 0755 0 0\n" +
            "nod /dev/console 0600 0 0 c 5 1\n" +
            "nod\t/dev/sda\t660\t0\t6\tb\t8\t0\r\n" +
            "slink /bin/sh busybox 0777 0 0\n" +
            "pipe /run/fifo 0644 0 0\n" +
            "sock /run/sock 0644 0 0\n" +
            "file /etc/hello hello 0640 1000 1001\n" +
            "file /init @lbs 0755 0 0\n" +
            "file relative/name @modules 0644 0 0\n");
        Assert.Equal(9, items.Count);
        var d = items.ToDictionary(i => i.Path);
        Assert.Equal((LayoutKind.Node, 'c', 5u, 1u, 0x180u), (d["dev/console"].Kind, d["dev/console"].DeviceType, d["dev/console"].Major, d["dev/console"].Minor, d["dev/console"].Mode));
        Assert.Equal(('b', 8u, 0u, 0x1B0u, 6u), (d["dev/sda"].DeviceType, d["dev/sda"].Major, d["dev/sda"].Minor, d["dev/sda"].Mode, d["dev/sda"].Gid));
        Assert.Equal("busybox", d["bin/sh"].Target);
        Assert.Equal(LayoutKind.Pipe, d["run/fifo"].Kind);
        Assert.Equal(LayoutKind.Socket, d["run/sock"].Kind);
        Assert.Equal((Path.Combine(_root.FullName, "hello"), 0x1A0u, 1000u, 1001u), (d["etc/hello"].Location, d["etc/hello"].Mode, d["etc/hello"].Uid, d["etc/hello"].Gid));
        Assert.True(d["init"].IsPlaceholder);
        Assert.True(d["relative/name"].IsContainer);
        Assert.Equal("t.list:4", d["dev/console"].Where);
    }

    [Theory]
    [InlineData("blob /x 0755 0 0", 1, "unknown type 'blob'")]
    [InlineData("dir /x 0755 0", 1, "dir takes 4 fields")]
    [InlineData("dir /x 0755 0 0 # trailing", 1, "comment must be on a line of its own")]
    [InlineData("dir /x 0855 0 0", 1, "MODE '0855' is not an octal number")]
    [InlineData("dir /x 17777 0 0", 1, "exceeds 07777")]
    [InlineData("dir /x 0755 root 0", 1, "UID 'root'")]
    [InlineData("dir /x 0755 0 -1", 1, "GID '-1'")]
    [InlineData("\n\nnod /dev/x 0600 0 0 x 5 1", 3, "device type 'x'")]
    [InlineData("nod /dev/x 0600 0 0 c 4096 1", 1, "MAJ '4096'")]
    [InlineData("nod /dev/x 0600 0 0 c 1 1048576", 1, "MIN '1048576'")]
    [InlineData("file /x @kernel 0644 0 0", 1, "unknown placeholder '@kernel'")]
    [InlineData("file /x ${HOME}/x 0644 0 0", 1, "expansion is not supported")]
    [InlineData("file /x /etc/passwd 0644 0 0", 1, "must be relative")]
    [InlineData("file /x ../outside 0644 0 0", 1, "outside the layout folder")]
    [InlineData("file /x missing 0644 0 0", 1, "no such file")]
    [InlineData("file /x @lbs 0644 0 0 /y", 1, "hard links are not supported")]
    [InlineData("dir / 0755 0 0", 1, "NAME is empty")]
    [InlineData("dir /a/../b 0755 0 0", 1, "'..' component")]
    [InlineData("dir /a//b 0755 0 0", 1, "empty, '.' or '..' component")]
    [InlineData("dir /a 0755 0 0\n# x\ndir a 0700 0 0", 3, "/a is already defined at line 1")]
    public void BadLineIsReportedWithFileAndLine(string text, int line, string message)
    {
        var e = Assert.Throws<LayoutFormatException>(() => Parse(text));
        Assert.Equal(line, e.Line);
        Assert.StartsWith($"t.list:{line}: ", e.Message);
        Assert.Contains(message, e.Message);
    }
}
