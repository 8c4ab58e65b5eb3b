using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Xunit.Abstractions;

namespace LinuxBootSharp.Interop.Tests;

/// <summary>
/// Every Interop wrapper against the real kernel. Before each failing call the thread's saved
/// errno is set to a sentinel (EXDEV, which none of these calls can produce), so a wrapper that
/// reads a stale or wrong errno fails the assertion instead of passing by luck.
/// </summary>
public sealed class LibcWrapperTests(ITestOutputHelper output)
{
    private const int Sentinel = (int)Errno.EXDEV;

    private static void PoisonErrno()
    {
        Marshal.SetLastPInvokeError(Sentinel);
        Marshal.SetLastSystemError(Sentinel);
    }

    [Fact]
    public void OpenOfMissingPathGivesEnoentNamingCallAndPath()
    {
        PoisonErrno();
        var e = Assert.Throws<ErrnoException>(() => FileDescriptor.Open("/nonexistent-lbs/file", FileDescriptor.ReadOnly));
        Assert.Equal(Errno.ENOENT, e.Errno);
        Assert.Equal("open", e.Call);
        Assert.Equal("open(/nonexistent-lbs/file): ENOENT (no such file or directory)", e.Message);
    }

    [Fact]
    public void BlockSizeIoctlOnRegularFileGivesEnotty()
    {
        var f = Path.GetTempFileName();
        try
        {
            using var h = File.OpenHandle(f);
            PoisonErrno();
            var e = Assert.Throws<ErrnoException>(() => BlockDeviceIoctl.GetSizeBytes(h, f));
            Assert.Equal(Errno.ENOTTY, e.Errno);
            Assert.Equal($"ioctl BLKGETSIZE64({f}): ENOTTY (inappropriate ioctl for device)", e.Message);
            PoisonErrno();
            Assert.Equal(Errno.ENOTTY, Assert.Throws<ErrnoException>(() => BlockDeviceIoctl.GetLogicalSectorSize(h, f)).Errno);
        }
        finally
        {
            File.Delete(f);
        }
    }

    [Fact]
    public void WriteAllThenReadOnMemfdSeesTheBytesAndEndOfFile()
    {
        using var h = MemfdCreate.Create("lbs-rw");
        var data = new byte[100_000];
        new Random(11).NextBytes(data);
        Assert.True(FileDescriptor.WriteAll(h, data));
        var back = new byte[data.Length];
        Assert.Equal(data.Length, RandomAccess.Read(h, back, 0));
        Assert.Equal(data, back);
        // The file position is at the end after write(2): read(2) reports end of file.
        Assert.Equal(0, FileDescriptor.Read(h, back));
    }

    [Fact]
    public void MemfdCarriesItsNameAndCloseOnExec()
    {
        using var h = MemfdCreate.Create("lbs-name-ä");
        int fd = (int)h.DangerousGetHandle();
        // memfd_create(2): the name shows as the target of /proc/self/fd/N, prefixed "memfd:".
        var target = new FileInfo($"/proc/self/fd/{fd}").LinkTarget;
        Assert.Equal("/memfd:lbs-name-ä (deleted)", target);
        // proc(5) fdinfo "flags" is octal; O_CLOEXEC is 02000000 (include/uapi/asm-generic/fcntl.h).
        var flagsLine = File.ReadAllLines($"/proc/self/fdinfo/{fd}").Single(l => l.StartsWith("flags:", StringComparison.Ordinal));
        long flags = Convert.ToInt64(flagsLine["flags:".Length..].Trim(), 8);
        Assert.NotEqual(0, flags & 0x80000);
    }

    [Fact]
    public void PtyRoundTripsBytesAndTermiosRawModeSticks()
    {
        if (!File.Exists("/dev/ptmx") || !Directory.Exists("/dev/pts"))
        {
            output.WriteLine("SKIPPED: no /dev/ptmx or devpts here, termios on a pty not tested");
            return;
        }
        using var master = FileDescriptor.Open("/dev/ptmx", FileDescriptor.ReadWrite | FileDescriptor.NoCtty);
        using var slave = OpenPtySlave(master);
        int sfd = (int)slave.DangerousGetHandle();

        Assert.True(Termios.TryGet(sfd, out var cooked));
        Assert.NotEqual(0u, cooked.LFlag & Termios.ICANON);
        Termios.Set(sfd, Termios.MakeRaw(cooked), "pty");
        Assert.True(Termios.TryGet(sfd, out var raw));
        Assert.Equal(0u, raw.LFlag & (Termios.ICANON | Termios.ECHO | Termios.ISIG));
        Assert.Equal(0u, raw.IFlag & Termios.ICRNL);
        Assert.NotEqual(0u, raw.OFlag & Termios.OPOST);
        Assert.NotEqual(0u, raw.OFlag & Termios.ONLCR);
        Assert.Equal(1, raw.GetControlChar(Termios.VMIN));
        Assert.Equal(0, raw.GetControlChar(Termios.VTIME));

        // Raw input: three bytes without a newline reach the reader at once (canonical mode would hold them).
        Assert.True(FileDescriptor.WriteAll(master, "abc"u8));
        Span<Poll.PollFd> fds = [new Poll.PollFd { Fd = sfd, Events = Poll.In }];
        Assert.Equal(1, Poll.Wait(fds, 5000));
        var buf = new byte[16];
        Assert.Equal(3, FileDescriptor.Read(slave, buf));
        Assert.Equal("abc"u8.ToArray(), buf[..3]);

        Assert.True(Ioctl.TryGetWindowSize(sfd) is null or { Cols: > 0, Rows: > 0 });
        Termios.Set(sfd, cooked, "pty");
        Assert.True(Termios.TryGet(sfd, out var again));
        Assert.NotEqual(0u, again.LFlag & Termios.ICANON);
    }

    [Fact]
    public void TermiosOnRegularFileFailsWithEnotty()
    {
        var f = Path.GetTempFileName();
        try
        {
            using var h = File.OpenHandle(f);
            Assert.False(Termios.TryGet((int)h.DangerousGetHandle(), out _));
            PoisonErrno();
            var e = Assert.Throws<ErrnoException>(() => Termios.Set((int)h.DangerousGetHandle(), default, "file"));
            Assert.Equal(Errno.ENOTTY, e.Errno);
            Assert.Equal("tcsetattr", e.Call);
        }
        finally
        {
            File.Delete(f);
        }
    }

    [Fact]
    public void NonBlockingReadOfEmptyPtyReturnsMinusOne()
    {
        if (!File.Exists("/dev/ptmx"))
        {
            output.WriteLine("SKIPPED: no /dev/ptmx here");
            return;
        }
        using var master = FileDescriptor.Open("/dev/ptmx", FileDescriptor.ReadWrite | FileDescriptor.NoCtty | FileDescriptor.NonBlock);
        using var slave = OpenPtySlave(master);
        Assert.Equal(-1, FileDescriptor.Read(master, new byte[8]));
    }

    [Fact]
    public void PollSeesNothingOnClosedDescriptorAsNval()
    {
        int fd;
        using (var h = MemfdCreate.Create("lbs-closed"))
            fd = (int)h.DangerousGetHandle();
        Span<Poll.PollFd> fds = [new Poll.PollFd { Fd = fd, Events = Poll.In }];
        Assert.Equal(1, Poll.Wait(fds, 0));
        Assert.Equal(Poll.Nval, fds[0].REvents);
    }

    [Fact]
    public void PollWithMoreDescriptorsThanTheLimitGivesEinval()
    {
        // poll(2): EINVAL when nfds exceeds RLIMIT_NOFILE. The poll import has no SetLastError,
        // so this proves the wrapper reads errno itself rather than a stale saved value.
        var limits = File.ReadAllLines("/proc/self/limits").Single(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var soft = limits["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        if (soft == "unlimited" || !int.TryParse(soft, CultureInfo.InvariantCulture, out int limit) || limit > 4_000_000)
        {
            output.WriteLine($"SKIPPED: RLIMIT_NOFILE is {soft}, too large to exceed");
            return;
        }
        var fds = new Poll.PollFd[limit + 1];
        for (int i = 0; i < fds.Length; i++)
            fds[i].Fd = -1;
        PoisonErrno();
        var e = Assert.Throws<ErrnoException>(() => Poll.Wait(fds, 0));
        Assert.Equal(Errno.EINVAL, e.Errno);
        Assert.Equal("poll: EINVAL (invalid argument)", e.Message);
    }

    [Fact]
    public void MountOfUnknownFileSystemNamesCallTypeAndTarget()
    {
        var dir = Directory.CreateTempSubdirectory("lbs-mnt").FullName;
        try
        {
            PoisonErrno();
            var e = Assert.Throws<ErrnoException>(() => Mount.Invoke("none", dir, "lbs-no-such-fs", Mount.NoSuid | Mount.ReadOnly));
            Assert.Equal("mount", e.Call);
            // ENODEV: unknown type (mount(2)); EPERM without CAP_SYS_ADMIN.
            Assert.True(e.Errno is Errno.ENODEV or Errno.EPERM, e.Errno.ToString());
            Assert.StartsWith($"mount(lbs-no-such-fs on {dir}): {e.Errno} (", e.Message);
        }
        finally
        {
            Directory.Delete(dir);
        }
    }

    [Fact]
    public void UmountOfPlainDirectoryGivesEinval()
    {
        var dir = Directory.CreateTempSubdirectory("lbs-umnt").FullName;
        try
        {
            PoisonErrno();
            var e = Assert.Throws<ErrnoException>(() => Umount.Invoke(dir, Umount.Detach));
            Assert.Equal("umount2", e.Call);
            // umount(2): EINVAL when target is not a mount point; EPERM without CAP_SYS_ADMIN.
            Assert.True(e.Errno is Errno.EINVAL or Errno.EPERM, e.Errno.ToString());
            Assert.Contains(dir, e.Message);
        }
        finally
        {
            Directory.Delete(dir);
        }
    }

    [Fact]
    public void RebootWithUnknownCommandIsRefused()
    {
        // 0x0BADC0DE is no LINUX_REBOOT_CMD_* (include/uapi/linux/reboot.h): the kernel answers
        // EINVAL (kernel/reboot.c, after checking the magic numbers) or EPERM without CAP_SYS_BOOT.
        PoisonErrno();
        var e = Assert.Throws<ErrnoException>(() => Reboot.Invoke(0x0BADC0DE));
        Assert.Equal("reboot", e.Call);
        Assert.True(e.Errno is Errno.EINVAL or Errno.EPERM, e.Errno.ToString());
        Assert.Equal($"reboot(0x0badc0de): {e.Errno} ({ErrnoText.Describe(e.Errno)})", e.Message);
    }

    [Fact]
    public void DeleteModuleOfUnknownNameIsRefused()
    {
        PoisonErrno();
        var e = Assert.Throws<ErrnoException>(() => DeleteModule.Invoke("lbs_no_such_module"));
        Assert.Equal("delete_module", e.Call);
        // delete_module(2): ENOENT for a module that is not loaded; EPERM without CAP_SYS_MODULE;
        // ENOSYS in a sandbox kernel without module support (this CI machine's, as for kexec).
        Assert.True(e.Errno is Errno.ENOENT or Errno.EPERM or Errno.ENOSYS, e.Errno.ToString());
        Assert.Contains("lbs_no_such_module", e.Message);
    }

    [Fact]
    public void KexecLoadRejectsTooManySegmentsBeforeTheKernel()
    {
        var segs = new KexecLoad.Segment[KexecLoad.MaxSegments + 1];
        Assert.Throws<ArgumentException>(() => KexecLoad.Load(0, segs, KexecLoad.ArchX86_64));
    }

    [Fact]
    public void UptimeMatchesProcUptime()
    {
        // /proc/uptime's first field is CLOCK_BOOTTIME in seconds (proc(5)).
        var before = ClockGetTime.Uptime();
        double proc = double.Parse(File.ReadAllText("/proc/uptime").Split(' ')[0], CultureInfo.InvariantCulture);
        var after = ClockGetTime.Uptime();
        Assert.True(after >= before);
        Assert.InRange(proc, before.TotalSeconds - 0.05, after.TotalSeconds + 0.05);
    }

    [Fact]
    public void SpawnRunsProgramAndReportsExitAndSignal()
    {
        Assert.Equal(7, PosixSpawn.Run("/bin/sh", ["-c", "exit 7"]));
        Assert.Equal(128 + 9, PosixSpawn.Run("/bin/sh", ["-c", "kill -9 $$"]));
        var e = Assert.Throws<ErrnoException>(() => PosixSpawn.Run("/nonexistent-lbs/prog", []));
        Assert.Equal(Errno.ENOENT, e.Errno);
        Assert.Equal("posix_spawn", e.Call);
    }

    [Fact]
    public void SyncReturns() => Sync.Invoke();

    [Fact]
    public void WrapperStructsKeepTheKernelLayout()
    {
        // struct pollfd (poll(2)) is 8 bytes; glibc's struct termios on x86_64 is 60 bytes.
        Assert.Equal(8, Unsafe.SizeOf<Poll.PollFd>());
        Assert.Equal(60, Unsafe.SizeOf<Termios.State>());
    }

    /// <summary>unlockpt + ptsname by hand (pts(4)): TIOCSPTLCK 0, then TIOCGPTN names /dev/pts/N.</summary>
    private static unsafe SafeFileHandle OpenPtySlave(SafeFileHandle master)
    {
        int mfd = (int)master.DangerousGetHandle();
        int unlock = 0;
        Ioctl.Invoke(mfd, Ioctl.TIOCSPTLCK, &unlock, "ptmx");
        uint n = 0;
        Ioctl.Invoke(mfd, Ioctl.TIOCGPTN, &n, "ptmx");
        return FileDescriptor.Open($"/dev/pts/{n}", FileDescriptor.ReadWrite | FileDescriptor.NoCtty);
    }
}
