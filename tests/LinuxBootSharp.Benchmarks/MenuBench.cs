using static LinuxBootSharp.Benchmarks.BenchSupport;
using System.Diagnostics;
using System.Globalization;
using LinuxBootSharp.IntegrationTests;

namespace LinuxBootSharp.Benchmarks;

/// <summary>
/// Issue "discover and boot from a menu": guest uptime from `Run /init` to the menu with the
/// 4-disk demo set attached (median of several boots), the part of it that is lbs's own time
/// (kernel driver probing during module loading excluded), discovery alone, and lbs's peak RSS.
/// Baseline: u-root's published 1.25 s from /init to its menu on the same kind of setup.
///
/// Each figure is taken twice. On the wall clock of a TCG guest (what `make qemu` feels like),
/// where code runs 30–70× slower than natively and first-run code costs most (the emulator
/// translates it): emulator-bound and noisy. And on QEMU's instruction clock (`-icount
/// shift=0`: guest time advances 1 ns per executed guest instruction, plus real time while the
/// guest idles): deterministic, independent of the host, and a pessimistic stand-in for real
/// hardware (a 1 GHz CPU retiring one instruction per cycle). docs/boot-timing.md explains both.
/// </summary>
public sealed class MenuBench : IBenchmark
{
    public string Name => "menu";

    private static readonly int Boots = int.TryParse(Environment.GetEnvironmentVariable("LBS_BENCH_BOOTS"), out var b) ? b : 3;

    private sealed class Figures
    {
        public List<double> Total { get; } = [];
        public List<double> Own { get; } = [];
        public List<double> Startup { get; } = [];
        public List<double> Scan { get; } = [];
        public List<double> Rss { get; } = [];
    }

    public IEnumerable<BenchRow> Run(string work)
    {
        DiskSet.Ensure();
        var wall = Boot(DiskSet.QemuArgs());
        var icount = Boot([.. DiskSet.QemuArgs(), "-icount", "shift=0"]);
        var native = NativeScan();

        yield return new BenchRow($"Run /init -> menu drawn, 4 disks (TCG wall clock, median of {Boots})", Median(wall.Total), "ms", 1250, "u-root published", Note: Runs(wall.Total));
        yield return new BenchRow("  of which lbs's own time (module loading/driver probing excluded)", Median(wall.Own), "ms", Note: "emulator-bound: " + Runs(wall.Own));
        yield return new BenchRow("    lbs start (Run /init -> first lbs line)", Median(wall.Startup), "ms", Note: Runs(wall.Startup));
        yield return new BenchRow("    discovery (4 disks, all parsers)", Median(wall.Scan), "ms", Note: Runs(wall.Scan));
        yield return new BenchRow($"lbs's own time to the menu, instruction clock (-icount shift=0, median of {Boots})", Median(icount.Own), "ms", Budget: "50 ms", Note: Runs(icount.Own));
        yield return new BenchRow("    lbs start (Run /init -> first lbs line)", Median(icount.Startup), "ms", Note: Runs(icount.Startup));
        yield return new BenchRow("    discovery (4 disks, all parsers)", Median(icount.Scan), "ms", Note: Runs(icount.Scan));
        yield return new BenchRow("`lbs scan` of the 4 demo images on this host, exec -> exit (median of 21)", native, "ms", Note: "the same discovery, natively");
        yield return new BenchRow("peak RSS of lbs after discovery (VmHWM)", Median(wall.Rss), "MB", Budget: "32 MB", Note: Runs(wall.Rss));
    }

    private static Figures Boot(List<string> qemuArgs)
    {
        var f = new Figures();
        for (int i = 0; i < Boots; i++)
        {
            using var vm = new QemuMachine(Artifacts.Kernel, Artifacts.Initramfs, "console=ttyS0 panic=-1 loglevel=7", qemuArgs);
            double run = Stamp(vm.WaitFor(@"^\[\s*([\d.]+)\] Run /init as init process"));
            double first = Stamp(vm.WaitFor(@"^\[\s*([\d.]+)\] lbs: started as PID 1"));
            double modStart = Stamp(vm.WaitFor(@"^\[\s*([\d.]+)\] lbs: loading \d+ modules"));
            double modEnd = Stamp(vm.WaitFor(@"^\[\s*([\d.]+)\] lbs: modules: "));
            var found = vm.WaitFor(@"lbs: found \d+ entries in ([\d.]+) ms.*peak RSS (\d+) kB");
            double menu = Stamp(vm.WaitFor(@"^\[\s*([\d.]+)\] lbs: menu: drawing"));
            f.Total.Add((menu - run) * 1000);
            f.Own.Add((menu - run - (modEnd - modStart)) * 1000);
            f.Startup.Add((first - run) * 1000);
            f.Scan.Add(double.Parse(found.Groups[1].Value, CultureInfo.InvariantCulture));
            f.Rss.Add(double.Parse(found.Groups[2].Value, CultureInfo.InvariantCulture) / 1024);
        }
        return f;
    }

    /// <summary>Wall time of `lbs scan` on the four images, the median of 21 runs after one warm-up.</summary>
    private static double NativeScan()
    {
        string[] images = ["disk1-gpt.img", "disk2-xfs.img", "disk3-iso.iso", "disk4-corrupt.img"];
        var args = images.Select(DiskSet.Path).Prepend("scan").ToArray();
        var times = new List<double>();
        for (int i = 0; i < 22; i++)
        {
            var sw = Stopwatch.StartNew();
            var (code, _, err) = Artifacts.RunLbs(args);
            if (code != 0)
                throw new InvalidOperationException($"lbs scan failed ({code}): {err}");
            if (i > 0)
                times.Add(sw.Elapsed.TotalMilliseconds);
        }
        return Median(times);
    }
}
