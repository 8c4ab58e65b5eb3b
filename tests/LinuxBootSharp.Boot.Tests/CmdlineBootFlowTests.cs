using LinuxBootSharp.Boards;
using LinuxBootSharp.Boot.Init;

namespace LinuxBootSharp.Boot.Tests;

/// <summary>`lbs.boot=` on the kernel command line, run against a recording kexec.</summary>
public sealed class CmdlineBootFlowTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("lbs-cmdline-boot-");

    public void Dispose() => _dir.Delete(true);

    private (InitContext Ctx, List<string> Log) Context(string cmdline)
    {
        var log = new List<string>();
        var bootLog = new BootLog();
        bootLog.AddSink(l => log.Add(l.TrimEnd('\n')));
        var ctx = new InitContext { Log = bootLog, Consoles = new ConsoleSet(), Board = BoardCatalog.Generic, Cmdline = new KernelCommandLine(cmdline) };
        return (ctx, log);
    }

    private string Kernel()
    {
        var k = Path.Combine(_dir.FullName, "vmlinuz");
        File.WriteAllText(k, "KERNEL-BYTES");
        return k;
    }

    [Fact]
    public void DryRunNeverHandsTheKernelToKexec()
    {
        // The bug: lbs.dryrun with lbs.boot= called kexec_file_load and only stopped before reboot(KEXEC).
        var (ctx, log) = Context($"console=ttyS0 lbs.boot={Kernel()} lbs.append=\"root=/dev/vda1\" lbs.dryrun");
        var kexec = new RecordingKexec();
        CmdlineBootFlow.Run(ctx, kexec);
        Assert.Equal(0, kexec.Loads);
        Assert.Equal(0, kexec.Executions);
        // The plan is still printed, with the hash of what would be loaded.
        Assert.Contains(log, l => l.Contains("kernel") && l.Contains("sha256:" + Kexec.Sha256.HashHex("KERNEL-BYTES"u8)));
        Assert.Contains(log, l => l.Contains("cmdline root=/dev/vda1"));
    }

    [Fact]
    public void WithoutDryRunTheKernelIsLoadedAndExecuted()
    {
        var (ctx, _) = Context($"lbs.boot={Kernel()} lbs.append=\"root=/dev/vda1\"");
        var kexec = new RecordingKexec();
        CmdlineBootFlow.Run(ctx, kexec);
        Assert.Equal(1, kexec.Loads);
        Assert.Equal("root=/dev/vda1", kexec.LoadedCmdline);
        Assert.Equal(1, kexec.Executions);
    }
}
