using static LinuxBootSharp.Benchmarks.BenchSupport;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using LinuxBootSharp.Boards;
using LinuxBootSharp.Initramfs;
using LinuxBootSharp.IntegrationTests;

namespace LinuxBootSharp.Benchmarks;

/// <summary>
/// Issue "boot chain" figures: binary and initramfs sizes against the board budget and the peers'
/// published sizes, guest-uptime timings from `Run /init` to lbs's first line and to kexec, and
/// lbs's kexec load time against kexec-tools `kexec -s -l` on the same files in the same guest.
/// </summary>
public sealed class BootChainBench : IBenchmark
{
    public string Name => "boot-chain";

    // Published in ../shared/DESIGN.md "Budgets" (same QEMU/TCG setup).
    private const double UrootInitramfsXz = 2.84e6;
    private const double BusyboxKexecInitramfsXz = 3.0e6;

    private static readonly int Boots = int.TryParse(Environment.GetEnvironmentVariable("LBS_BENCH_BOOTS"), out var b) ? b : 3;

    private static byte[] Image(InitramfsLayout layout, ModuleSet? modules)
    {
        var b = new InitramfsBuilder();
        b.AddLayout(layout, new LayoutInputs(File.ReadAllBytes(Artifacts.Lbs), modules));
        return b.ToArray(0);
    }

    public IEnumerable<BenchRow> Run(string work)
    {
        var board = BoardCatalog.Find("qemu-x86_64")!;
        var lbs = new FileInfo(Artifacts.Lbs).Length;
        yield return new BenchRow("lbs static binary (stripped)", lbs / 1e6, "MB", Budget: $"{board.Budget.LbsBytes / 1e6:0.00} MB");
        // The image's layout is data (initramfs/README.md): the same folder `make` builds from.
        var layout = InitramfsLayout.Load(Path.Combine(LinuxBootSharp.Tests.Shared.RepoPaths.Root, "initramfs"), board.Name);
        var userland = Xz(Image(layout, null));
        yield return new BenchRow("initramfs userland part, xz", userland / 1e6, "MB", Budget: $"{board.Budget.UserlandXzBytes / 1e6:0.00} MB");
        var total = new FileInfo(Artifacts.Initramfs).Length;
        yield return new BenchRow("initramfs total (lbs + modules), xz", total / 1e6, "MB", UrootInitramfsXz / 1e6, "u-root published", $"{board.Budget.InitramfsXzBytes / 1e6:0.00} MB");
        yield return new BenchRow("initramfs total vs busybox+kexec-tools", total / 1e6, "MB", BusyboxKexecInitramfsXz / 1e6, "busybox+kexec-tools published");

        // The design budget's setup (as u-root was measured): lbs + the drivers for a virtio disk only.
        var modulesDir = Path.Combine(LinuxBootSharp.Tests.Shared.RepoPaths.Build, "kernel", "lib", "modules", Artifacts.KernelVersion);
        var virtio = new ModuleResolver(modulesDir).Resolve(["virtio_pci", "virtio_blk"]);
        var virtioImage = Xz(Image(layout, new ModuleSet(modulesDir, virtio)));
        yield return new BenchRow($"initramfs lbs + virtio-blk drivers ({virtio.Count} modules), xz", virtioImage / 1e6, "MB", UrootInitramfsXz / 1e6, "u-root published", "1.70 MB (0.6x u-root)");

        // Timings of a full chain boot (no `quiet`, so the kernel prints "Run /init").
        var toFirst = new List<double>();
        var toKexec = new List<double>();
        var initrd = TargetImages.LoaderInitrdWithPayload("bench-chain",
        [
            ("boot/vmlinuz", File.ReadAllBytes(Artifacts.Kernel)),
            ("boot/target-a.cpio", TargetImages.InitrdA()),
        ]);
        for (int i = 0; i < Boots; i++)
        {
            using var vm = new QemuMachine(Artifacts.Kernel, initrd, "console=ttyS0 panic=-1 loglevel=7 lbs.boot=/boot/vmlinuz lbs.initrd=/boot/target-a.cpio lbs.append=\"console=ttyS0 panic=-1 quiet\"");
            var run = Stamp(vm.WaitFor(@"^\[\s*([\d.]+)\] Run /init as init process"));
            var first = Stamp(vm.WaitFor(@"^\[\s*([\d.]+)\] lbs: started as PID 1"));
            var exec = Stamp(vm.WaitFor(@"^\[\s*([\d.]+)\] lbs: executing kexec"));
            vm.WaitFor(TargetImages.DoneMarker);
            toFirst.Add((first - run) * 1000);
            toKexec.Add((exec - run) * 1000);
        }
        yield return new BenchRow($"Run /init -> lbs first line (guest uptime, median of {Boots})", Median(toFirst), "ms", Note: Runs(toFirst, "0"));
        yield return new BenchRow($"Run /init -> kexec executed (guest uptime, median of {Boots})", Median(toKexec), "ms", 2600, "busybox+kexec-tools published", Note: Runs(toKexec, "0"));

        // kexec load: same files, same guest, alternating runs.
        var payload = new List<(string, byte[])>
        {
            ("bench/vmlinuz", File.ReadAllBytes(Artifacts.Kernel)),
            ("bench/initrd.img", BigInitrd()),
        };
        var tools = KexecToolsFiles().ToList();
        payload.AddRange(tools);
        // kexec and the dynamic loader must be executable; the libraries are mapped, not run.
        var benchInitrd = TargetImages.LoaderInitrdWithPayload("bench-kexec", payload, tools.Select(t => t.Item1).ToHashSet());
        using (var vm = new QemuMachine(Artifacts.Kernel, benchInitrd, "console=ttyS0 panic=-1 quiet lbs.bench=kexec lbs.bench.runs=5", memoryMb: 1536))
        {
            vm.WaitFor("LBS-BENCH done", TimeSpan.FromSeconds(600));
            var ours = Regex.Match(vm.Output, @"LBS-BENCH lbs-load-ms=([\d.]+) runs=(\S+)");
            var measured = Regex.Match(vm.Output, @"LBS-BENCH lbs-measured-load-ms=([\d.]+) runs=(\S+)");
            var theirs = Regex.Match(vm.Output, @"LBS-BENCH kexec-tools-load-ms=([\d.]+) runs=(\S+)");
            if (!ours.Success || !theirs.Success)
                throw new InvalidOperationException("kexec bench printed no figures:\n" + vm.Tail());
            yield return new BenchRow("kexec load 8 MB kernel + 32 MB initrd: lbs", double.Parse(ours.Groups[1].Value, CultureInfo.InvariantCulture), "ms",
                double.Parse(theirs.Groups[1].Value, CultureInfo.InvariantCulture), "kexec -s -l", "ratio <= 1.00", $"lbs runs {ours.Groups[2].Value}; kexec-tools runs {theirs.Groups[2].Value}");
            if (measured.Success)
                yield return new BenchRow("  same, measured (memfd copy + SHA-256 of every byte, lbs.measure)", double.Parse(measured.Groups[1].Value, CultureInfo.InvariantCulture), "ms",
                    double.Parse(theirs.Groups[1].Value, CultureInfo.InvariantCulture), "kexec -s -l", Note: $"runs {measured.Groups[2].Value}");
        }
    }

    /// <summary>A 32 MiB initrd: the target archive followed by incompressible filler.</summary>
    private static byte[] BigInitrd()
    {
        var a = TargetImages.InitrdA();
        var data = new byte[32 << 20];
        new Random(1).NextBytes(data);
        a.CopyTo(data, 0);
        return data;
    }

    /// <summary>/sbin/kexec and the shared libraries it needs (from ldd), at the same paths.</summary>
    internal static IEnumerable<(string, byte[])> KexecToolsFiles()
    {
        yield return ("sbin/kexec", File.ReadAllBytes("/sbin/kexec"));
        var psi = new ProcessStartInfo("ldd", ["/sbin/kexec"]) { RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        foreach (var line in p.StandardOutput.ReadToEnd().Split('\n'))
        {
            var m = Regex.Match(line, @"(/\S+)\s+\(0x");
            if (m.Success)
            {
                var path = m.Groups[1].Value;
                var real = Path.GetFullPath(new FileInfo(path).LinkTarget is string t ? Path.Combine(Path.GetDirectoryName(path)!, t) : path);
                yield return (path.TrimStart('/'), File.ReadAllBytes(real));
            }
        }
        p.WaitForExit();
    }

    private static long Xz(byte[] data)
    {
        var psi = new ProcessStartInfo("xz", ["--check=crc32", "--x86", "--lzma2=preset=9e", "-c"]) { RedirectStandardInput = true, RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        var t = Task.Run(() => { var ms = new MemoryStream(); p.StandardOutput.BaseStream.CopyTo(ms); return ms.Length; });
        p.StandardInput.BaseStream.Write(data);
        p.StandardInput.Close();
        p.WaitForExit();
        return t.Result;
    }
}
