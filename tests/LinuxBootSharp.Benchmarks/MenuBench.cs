using static LinuxBootSharp.Benchmarks.BenchSupport;
using System.Globalization;
using System.Text.RegularExpressions;
using LinuxBootSharp.IntegrationTests;

namespace LinuxBootSharp.Benchmarks;

/// <summary>
/// Issue "discover and boot from a menu": guest uptime from `Run /init` to the menu with the
/// 4-disk demo set attached (median of several boots), the part of it that is lbs's own time
/// (kernel driver probing during module loading excluded), discovery alone, and lbs's peak RSS.
/// Baseline: u-root's published 1.25 s from /init to its menu on the same kind of setup.
/// </summary>
public sealed class MenuBench : IBenchmark
{
    public string Name => "menu";

    private static readonly int Boots = int.TryParse(Environment.GetEnvironmentVariable("LBS_BENCH_BOOTS"), out var b) ? b : 3;

    public IEnumerable<BenchRow> Run(string work)
    {
        DiskSet.Ensure();
        var args = DiskSet.QemuArgs();
        List<double> total = [], own = [], scan = [], rss = [];
        for (int i = 0; i < Boots; i++)
        {
            using var vm = new QemuMachine(Artifacts.Kernel, Artifacts.Initramfs, "console=ttyS0 panic=-1 loglevel=7", args);
            double run = Stamp(vm.WaitFor(@"^\[\s*([\d.]+)\] Run /init as init process"));
            double modStart = Stamp(vm.WaitFor(@"^\[\s*([\d.]+)\] lbs: loading \d+ modules"));
            double modEnd = Stamp(vm.WaitFor(@"^\[\s*([\d.]+)\] lbs: modules: "));
            var found = vm.WaitFor(@"lbs: found \d+ entries in ([\d.]+) ms.*peak RSS (\d+) kB");
            double menu = Stamp(vm.WaitFor(@"^\[\s*([\d.]+)\] lbs: menu: drawing"));
            total.Add((menu - run) * 1000);
            own.Add((menu - run - (modEnd - modStart)) * 1000);
            scan.Add(double.Parse(found.Groups[1].Value, CultureInfo.InvariantCulture));
            rss.Add(double.Parse(found.Groups[2].Value, CultureInfo.InvariantCulture) / 1024);
        }
        yield return new BenchRow($"Run /init -> menu drawn, 4 disks (guest uptime, median of {Boots})", Median(total), "ms", 1250, "u-root published", Note: Runs(total));
        yield return new BenchRow("  of which lbs's own time (module loading/driver probing excluded)", Median(own), "ms", Budget: "50 ms", Note: Runs(own));
        yield return new BenchRow("  discovery alone (4 disks, all parsers)", Median(scan), "ms", Note: Runs(scan));
        yield return new BenchRow("peak RSS of lbs after discovery (VmHWM)", Median(rss), "MB", Budget: "32 MB", Note: Runs(rss));
    }

}
