using System.Net.Sockets;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.Storage.Tests;

/// <summary>
/// IFileTree's error contract on the host file system: what the host throws (IOException,
/// UnauthorizedAccessException) reaches callers as a <see cref="StorageException"/> naming the
/// tree path, and nodes that are not regular files (sockets, FIFOs) are refused without being
/// opened. Tests run as root here, so permissions cannot make an ordinary file unreadable: a
/// write-only sysctl, which procfs refuses to open for reading even for root
/// (fs/proc/proc_sysctl.c test_perm), stands for any host I/O error.
/// </summary>
public sealed class DirectoryTreeErrorTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("lbs-dirtree-err-");

    public void Dispose() => _dir.Delete(true);

    [Fact]
    public void Opening_a_file_the_host_refuses_throws_a_storage_exception_with_the_path()
    {
        var t = new DirectoryFileTree("/proc/sys/vm", new FileSystemIdentity { Type = "dir", Device = "procvm" });
        var e = Assert.Throws<FileTreeException>(() => t.OpenRead("/compact_memory"));
        Assert.Equal("/compact_memory", e.Path);
        Assert.StartsWith("procvm:/compact_memory: ", e.Message, StringComparison.Ordinal);
        Assert.True(e.InnerException is IOException or UnauthorizedAccessException, e.InnerException?.GetType().Name);
        // The helpers every parser uses keep the contract too.
        Assert.Throws<FileTreeException>(() => t.ReadAllBytes("/compact_memory"));
    }

    [Fact]
    public void A_socket_is_not_a_regular_file_and_is_never_opened()
    {
        Directory.CreateDirectory(Path.Combine(_dir.FullName, "boot"));
        var socketPath = Path.Combine(_dir.FullName, "boot", "vmlinuz");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        var t = new DirectoryFileTree(_dir.FullName, new FileSystemIdentity { Type = "dir", Device = "testdir" });

        var e = Assert.Throws<FileTreeException>(() => t.OpenRead("/boot/vmlinuz"));
        Assert.Equal("testdir:/boot/vmlinuz: not a regular file", e.Message);
        Assert.Equal(FileKind.Other, t.TryStat("/boot/vmlinuz")?.Kind);
        Assert.Equal(FileKind.Other, Assert.Single(t.ListDirectory("/boot")).Kind);
    }

    [Fact]
    public async Task A_fifo_named_like_a_config_does_not_block_the_open()
    {
        // open(2) of a FIFO without O_NONBLOCK waits for a writer: a tree that opened it would
        // hang `lbs scan DIR` for ever. The test would hang (and time out) if it did.
        Directory.CreateDirectory(Path.Combine(_dir.FullName, "boot", "grub"));
        var fifo = Path.Combine(_dir.FullName, "boot", "grub", "grub.cfg");
        using (var p = System.Diagnostics.Process.Start("mkfifo", [fifo]))
            p.WaitForExit();
        Assert.True(File.Exists(fifo));
        var t = new DirectoryFileTree(_dir.FullName, new FileSystemIdentity { Type = "dir", Device = "testdir" });

        var open = Task.Run(() => Assert.Throws<FileTreeException>(() => t.OpenRead("/boot/grub/grub.cfg")));
        var e = await open.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("testdir:/boot/grub/grub.cfg: not a regular file", e.Message);
        Assert.False(t.FileExists("/boot/grub/grub.cfg"));
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
