using System.Net.Sockets;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.Storage.Tests;

/// <summary>
/// IFileTree's error contract on the host file system: what the host throws (IOException,
/// UnauthorizedAccessException) reaches callers as a <see cref="StorageException"/> naming the
/// tree path. Tests run as root here, so permissions cannot make a file unreadable: a Unix
/// socket, which open(2) refuses with ENXIO, stands for any host I/O error.
/// </summary>
public sealed class DirectoryTreeErrorTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("lbs-dirtree-err-");

    public void Dispose() => _dir.Delete(true);

    [Fact]
    public void Opening_a_file_the_host_cannot_open_throws_a_storage_exception_with_the_path()
    {
        Directory.CreateDirectory(Path.Combine(_dir.FullName, "boot"));
        var socketPath = Path.Combine(_dir.FullName, "boot", "vmlinuz");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        var t = new DirectoryFileTree(_dir.FullName, new FileSystemIdentity { Type = "dir", Device = "testdir" });

        var e = Assert.Throws<FileTreeException>(() => t.OpenRead("/boot/vmlinuz"));
        Assert.Equal("/boot/vmlinuz", e.Path);
        Assert.StartsWith("testdir:/boot/vmlinuz: ", e.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<IOException>(e.InnerException);
        // The helpers every parser uses keep the contract too.
        Assert.Throws<FileTreeException>(() => t.ReadAllBytes("/boot/vmlinuz"));
    }

    [Fact]
    public void A_file_that_shrinks_after_stat_is_a_storage_exception_not_end_of_stream()
    {
        var f = Path.Combine(_dir.FullName, "grub.cfg");
        File.WriteAllText(f, "0123456789");
        var t = new DirectoryFileTree(_dir.FullName, new FileSystemIdentity { Type = "dir", Device = "testdir" });
        using (var s = t.OpenRead("/grub.cfg"))
        {
            File.WriteAllText(f, "01");
            var buf = new byte[10];
            Assert.Equal(2, s.ReadAtLeast(buf, 10, throwOnEndOfStream: false));
        }
        Assert.Equal("01"u8.ToArray(), t.ReadAllBytes("/grub.cfg"));
    }

    [Fact]
    public void Streams_read_the_host_file()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "k"), "kernel-bytes");
        var t = new DirectoryFileTree(_dir.FullName);
        using var s = t.OpenRead("/k");
        Assert.Equal(12, s.Length);
        s.Position = 7;
        var buf = new byte[5];
        s.ReadExactly(buf);
        Assert.Equal("bytes"u8.ToArray(), buf);
    }
}
