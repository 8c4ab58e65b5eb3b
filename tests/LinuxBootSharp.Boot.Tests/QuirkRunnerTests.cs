using LinuxBootSharp.Boards;
using LinuxBootSharp.Boot.Quirks;

namespace LinuxBootSharp.Boot.Tests;

public sealed class QuirkRunnerTests : IDisposable
{
    private readonly DirectoryInfo _sys = Directory.CreateTempSubdirectory("lbs-sys-");

    public void Dispose() => _sys.Delete(true);

    private string P(string rel) => Path.Combine(_sys.FullName, rel);

    [Fact]
    public void UnbindsEveryBoundDeviceAndOnlyThose()
    {
        var drv = P("bus/pci/drivers/mlx5_core");
        Directory.CreateDirectory(drv);
        Directory.CreateDirectory(P("devices/pci0000:00/0000:03:00.0"));
        File.CreateSymbolicLink(Path.Combine(drv, "0000:03:00.0"), P("devices/pci0000:00/0000:03:00.0"));
        File.WriteAllText(Path.Combine(drv, "unbind"), "");
        File.WriteAllText(Path.Combine(drv, "bind"), "");
        var log = new List<string>();
        int failed = new QuirkRunner(log.Add, sysRoot: _sys.FullName).Run([new BoardQuirk { Kind = "unbind-driver", Target = "mlx5_core", Reason = "DMA after kexec" }]);
        Assert.Equal(0, failed);
        Assert.Equal("0000:03:00.0", File.ReadAllText(Path.Combine(drv, "unbind")));
        Assert.Contains(log, l => l.Contains("unbound 0000:03:00.0") && l.Contains("DMA after kexec"));
    }

    [Fact]
    public void ClearsOnlyTheBusMasterBit()
    {
        var dev = P("bus/pci/devices/0000:00:1f.0");
        Directory.CreateDirectory(dev);
        var config = new byte[64];
        config[4] = 0x07; // I/O, memory, bus master
        config[5] = 0x04; // INTx disable
        File.WriteAllBytes(Path.Combine(dev, "config"), config);
        new QuirkRunner(_ => { }, sysRoot: _sys.FullName).Run([new BoardQuirk { Kind = "clear-bus-master", Target = "0000:00:1f.0" }]);
        var after = File.ReadAllBytes(Path.Combine(dev, "config"));
        Assert.Equal(0x03, after[4]);
        Assert.Equal(0x04, after[5]);
    }

    [Fact]
    public void RemovesLoadedModulesAndSkipsOthers()
    {
        Directory.CreateDirectory(P("module/i915"));
        var removed = new List<string>();
        var log = new List<string>();
        new QuirkRunner(log.Add, sysRoot: _sys.FullName, removeModule: removed.Add).Run(
        [
            new BoardQuirk { Kind = "remove-module", Target = "i915" },
            new BoardQuirk { Kind = "remove-module", Target = "nouveau" },
        ]);
        Assert.Equal(["i915"], removed);
        Assert.Contains(log, l => l.Contains("nouveau: not loaded"));
    }

    [Fact]
    public void FailureIsLoggedAndLaterStepsStillRun()
    {
        Directory.CreateDirectory(P("class/x"));
        var log = new List<string>();
        int failed = new QuirkRunner(log.Add, sysRoot: _sys.FullName).Run(
        [
            new BoardQuirk { Kind = "clear-bus-master", Target = "0000:99:00.0" },
            new BoardQuirk { Kind = "write-sysfs", Target = "/sys/class/x/enable", Value = "0" },
            new BoardQuirk { Kind = "write-sysfs", Target = "/etc/passwd", Value = "x" },
        ]);
        Assert.Equal(2, failed);
        Assert.Equal("0", File.ReadAllText(P("class/x/enable")));
        Assert.Contains(log, l => l.Contains("0000:99:00.0") && l.Contains("failed"));
        Assert.Contains(log, l => l.Contains("/etc/passwd") && l.Contains("not under /sys"));
    }

    [Fact]
    public void DryRunTouchesNothing()
    {
        Directory.CreateDirectory(P("module/i915"));
        var removed = new List<string>();
        var log = new List<string>();
        new QuirkRunner(log.Add, dryRun: true, sysRoot: _sys.FullName, removeModule: removed.Add).Run([new BoardQuirk { Kind = "remove-module", Target = "i915" }]);
        Assert.Empty(removed);
        Assert.Contains(log, l => l.StartsWith("dry run: would run quirk remove-module i915", StringComparison.Ordinal));
    }
}
