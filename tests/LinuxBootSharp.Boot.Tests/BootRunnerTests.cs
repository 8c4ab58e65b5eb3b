using LinuxBootSharp.Boards;
using LinuxBootSharp.Boot.Kexec;

namespace LinuxBootSharp.Boot.Tests;

/// <summary>The one boot path: stage → plan → load → quirks → execute, and where each option stops it.</summary>
public sealed class BootRunnerTests : IDisposable
{
    private readonly DirectoryInfo _sys = Directory.CreateTempSubdirectory("lbs-runner-sys-");
    private readonly List<string> _log = [];

    public void Dispose() => _sys.Delete(true);

    private static BootFile Mem(string name, byte[] data) => new(name, () => new MemoryStream(data, false));

    private static readonly BootRequest Debian = new("Debian", Mem("/boot/vmlinuz", [9, 9]), [Mem("/boot/initrd.img", [1])], "root=/dev/sda1 quiet");

    /// <summary>A board whose one quirk writes a file in the fake sysfs: visible when it really ran.</summary>
    private (BoardProfile Board, string Target) BoardWithQuirk()
    {
        var target = Path.Combine(_sys.FullName, "class", "watchdog", "nowayout");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.WriteAllText(target, "1");
        var board = new BoardProfile { Name = "test", Quirks = [new BoardQuirk { Kind = "write-sysfs", Target = "/sys/class/watchdog/nowayout", Value = "0" }] };
        return (board, target);
    }

    private BootOptions Options(bool dryRun = false, bool measure = false, bool loadOnly = false) =>
        new() { Log = _log.Add, DryRun = dryRun, Measure = measure, LoadOnly = loadOnly, SysRoot = _sys.FullName };

    [Fact]
    public void DryRunPrintsThePlanWithHashesAndTouchesNothing()
    {
        var (board, target) = BoardWithQuirk();
        var kexec = new RecordingKexec(_log);
        var outcome = new BootRunner(kexec, board, Options(dryRun: true)).Run(Debian);
        Assert.Equal(BootOutcome.Planned, outcome);
        Assert.Equal(0, kexec.Loads);
        Assert.Equal(0, kexec.Executions);
        Assert.Equal("1", File.ReadAllText(target));
        Assert.Contains(_log, l => l.Contains("cmdline root=/dev/sda1 quiet"));
        Assert.Contains(_log, l => l.Contains("/boot/initrd.img") && l.Contains("sha256:" + Sha256.HashHex([1])));
        Assert.Contains(_log, l => l.StartsWith("dry run: would run quirk write-sysfs", StringComparison.Ordinal));
        Assert.DoesNotContain(_log, l => l.Contains("executing kexec"));
    }

    [Fact]
    public void ARealBootLoadsThenRunsTheQuirksThenExecutes()
    {
        var (board, target) = BoardWithQuirk();
        var kexec = new RecordingKexec(_log);
        bool handedBack = false;
        var outcome = new BootRunner(kexec, board, Options() with { BeforeTeardown = () => { handedBack = true; _log.Add("before teardown"); } }).Run(Debian);
        Assert.Equal(BootOutcome.ExecuteReturned, outcome);
        Assert.True(handedBack);
        Assert.Equal("0", File.ReadAllText(target));
        var steps = _log.Where(l => l.StartsWith("kexec:", StringComparison.Ordinal) || l.StartsWith("quirk ", StringComparison.Ordinal) || l == "before teardown").ToList();
        Assert.Equal(["kexec: load", "before teardown", "quirk write-sysfs /sys/class/watchdog/nowayout: wrote '0'", "kexec: execute"], steps);
        // Unmeasured, the plan carries sizes but no hashes.
        Assert.DoesNotContain(_log, l => l.Contains("sha256:"));
    }

    [Fact]
    public void MeasuredBootHashesWhatItLoads()
    {
        new BootRunner(new RecordingKexec(_log), BoardCatalog.Generic, Options(measure: true)).Run(Debian);
        Assert.Contains(_log, l => l.Contains("/boot/vmlinuz") && l.Contains("sha256:" + Sha256.HashHex([9, 9])));
    }

    [Fact]
    public void LoadOnlyStopsBeforeTheQuirks()
    {
        var (board, target) = BoardWithQuirk();
        var kexec = new RecordingKexec(_log);
        Assert.Equal(BootOutcome.Loaded, new BootRunner(kexec, board, Options(loadOnly: true)).Run(Debian));
        Assert.Equal(1, kexec.Loads);
        Assert.Equal(0, kexec.Executions);
        Assert.Equal("1", File.ReadAllText(target));
    }

    [Fact]
    public void AFailedLoadRunsNoQuirkAndDoesNotExecute()
    {
        var (board, target) = BoardWithQuirk();
        var kexec = new FailingKexec();
        var e = Assert.Throws<BootLoadException>(() => new BootRunner(kexec, board, Options()).Run(Debian));
        Assert.Contains("ENOEXEC", e.Message);
        Assert.False(kexec.Executed);
        Assert.Equal("1", File.ReadAllText(target));
    }

    private sealed class FailingKexec : IKexec
    {
        public bool Executed { get; private set; }

        public void Load(StagedImage image) => throw new BootLoadException("kexec_file_load failed: ENOEXEC");

        public void Execute() => Executed = true;
    }
}
