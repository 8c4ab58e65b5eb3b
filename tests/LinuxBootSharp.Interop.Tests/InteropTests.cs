using LinuxBootSharp.Interop;

namespace LinuxBootSharp.Interop.Tests;

public sealed class InteropTests
{
    [Fact]
    public void MemfdHoldsWhatIsWritten()
    {
        using var h = MemfdCreate.Create("lbs-test");
        RandomAccess.Write(h, "hello"u8, 0);
        RandomAccess.Write(h, " world"u8, 5);
        var buf = new byte[11];
        Assert.Equal(11, RandomAccess.Read(h, buf, 0));
        Assert.Equal("hello world", System.Text.Encoding.ASCII.GetString(buf));
        Assert.Equal(11, RandomAccess.GetLength(h));
    }

    [Fact]
    public void KexecWithBadDescriptorNamesCallAndErrno()
    {
        // fd 987654 is not open: EBADF (or EPERM without CAP_SYS_BOOT, checked first by the kernel;
        // ENOSYS in a sandbox that does not implement kexec, such as this CI machine's).
        var e = Assert.Throws<ErrnoException>(() => KexecFileLoad.Load(987654, -1, "console=ttyS0"));
        Assert.Equal("kexec_file_load", e.Call);
        Assert.True(e.Errno is Errno.EBADF or Errno.EPERM or Errno.ENOSYS, e.Errno.ToString());
        Assert.Contains("kexec_file_load", e.Message);
        Assert.Contains(e.Errno.ToString(), e.Message);
    }

    [Fact]
    public void MountErrorNamesTarget()
    {
        var e = Assert.Throws<ErrnoException>(() => Mount.Invoke("none", "/nonexistent-lbs-dir", "tmpfs"));
        Assert.Contains("/nonexistent-lbs-dir", e.Message);
        Assert.True(e.Errno is Errno.ENOENT or Errno.EPERM);
    }

    [Fact]
    public void FinitModuleOnNonModuleFails()
    {
        var f = Path.GetTempFileName();
        File.WriteAllText(f, "not a module");
        try
        {
            using var h = File.OpenHandle(f);
            var e = Assert.Throws<ErrnoException>(() => FinitModule.Load((int)h.DangerousGetHandle(), "", 0, "junk.ko"));
            Assert.Equal("finit_module", e.Call);
            Assert.Contains("junk.ko", e.Message);
        }
        finally
        {
            File.Delete(f);
        }
    }

    [Fact]
    public void CompressedModuleNamesAskForKernelDecompression()
    {
        Assert.True(FinitModule.IsCompressed("/lib/modules/x/nvme.ko.xz"));
        Assert.True(FinitModule.IsCompressed("nvme.ko.zst"));
        Assert.False(FinitModule.IsCompressed("nvme.ko"));
    }

    [Fact]
    public void PollTimesOutOnSilentPipeAndSeesData()
    {
        using var server = new System.IO.Pipes.AnonymousPipeServerStream(System.IO.Pipes.PipeDirection.Out);
        using var client = new System.IO.Pipes.AnonymousPipeClientStream(System.IO.Pipes.PipeDirection.In, server.ClientSafePipeHandle);
        int fd = (int)client.SafePipeHandle.DangerousGetHandle();
        Span<Poll.PollFd> fds = [new Poll.PollFd { Fd = fd, Events = Poll.In }];
        Assert.Equal(0, Poll.Wait(fds, 10));
        server.Write([1, 2, 3]);
        server.Flush();
        fds[0].REvents = 0;
        Assert.Equal(1, Poll.Wait(fds, 1000));
        Assert.NotEqual(0, fds[0].REvents & Poll.In);
    }

    [Fact]
    public void UptimeIsPositiveAndMonotonic()
    {
        var a = ClockGetTime.Uptime();
        var b = ClockGetTime.Uptime();
        Assert.True(a > TimeSpan.Zero);
        Assert.True(b >= a);
    }

    [Fact]
    public void TermiosRawKeepsOutputProcessing()
    {
        var s = Termios.MakeRaw(default);
        Assert.NotEqual(0u, s.OFlag & Termios.ONLCR);
        Assert.Equal(1, s.GetControlChar(Termios.VMIN));
    }
}
