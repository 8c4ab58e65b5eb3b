using static LinuxBootSharp.Benchmarks.BenchSupport;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using LinuxBootSharp.IntegrationTests;

namespace LinuxBootSharp.Benchmarks;

/// <summary>
/// Issue 19 figures: on a running system (a busybox guest, lbs not PID 1), `lbs boot --load-only`
/// against kexec-tools' `kexec -s -l` for the same kernel + 32 MiB initrd in the same guest,
/// alternating runs with unloads between; the same with --sha256 on both files (the hashing
/// cost); and `lbs doctor` on the host. Guest times are the kernel's printk stamps of /dev/kmsg
/// lines written just before and after each command (process start included for both tools).
/// </summary>
public sealed class HostKexecBench : IBenchmark
{
    public string Name => "host-kexec";

    private const int Rounds = 5;

    public IEnumerable<BenchRow> Run(string work)
    {
        var kernel = File.ReadAllBytes(Artifacts.Kernel);
        var initrd = new byte[32 << 20];
        new Random(1).NextBytes(initrd);
        var kh = Convert.ToHexStringLower(SHA256.HashData(kernel));
        var ih = Convert.ToHexStringLower(SHA256.HashData(initrd));
        var tools = BootChainBench.KexecToolsFiles().Select(t => t.Item1 == "sbin/kexec" ? ("usr/local/sbin/kexec-tools", t.Item2) : t).ToList();
        const string args = "--append=console=ttyS0";
        var script = string.Join('\n', Enumerable.Range(0, Rounds).Select(i =>
            $"echo LBST-a{i}-0 > /dev/kmsg; lbs boot --kernel /bench/vmlinuz --initrd /bench/initrd.img {args} --load-only > /dev/null; echo LBST-a{i}-1 > /dev/kmsg; kexec -u\n" +
            $"echo LBST-b{i}-0 > /dev/kmsg; /usr/local/sbin/kexec-tools -s -l /bench/vmlinuz --initrd=/bench/initrd.img {args}; echo LBST-b{i}-1 > /dev/kmsg; kexec -u\n" +
            $"echo LBST-c{i}-0 > /dev/kmsg; lbs boot --kernel /bench/vmlinuz --sha256 {kh} --initrd /bench/initrd.img --sha256 {ih} {args} --load-only > /dev/null; echo LBST-c{i}-1 > /dev/kmsg; kexec -u"))
            + "\ndmesg | grep LBST-";
        var files = new List<(string, byte[])> { ("bench/vmlinuz", kernel), ("bench/initrd.img", initrd) };
        files.AddRange(tools);
        // kexec-tools and its dynamic loader must be executable.
        var guest = HostGuest.Build("bench-host-kexec", script, files, executables: tools.Select(t => t.Item1).ToHashSet());
        var ours = new List<double>();
        var theirs = new List<double>();
        var hashed = new List<double>();
        using (var vm = new QemuMachine(Artifacts.Kernel, guest, "console=ttyS0 panic=-1 quiet", memoryMb: 1536))
        {
            vm.WaitFor(HostGuest.ScriptDone, TimeSpan.FromSeconds(900));
            var stamps = Regex.Matches(vm.Output, @"\[\s*([\d.]+)\] LBST-([abc])(\d)-([01])")
                .ToDictionary(m => (m.Groups[2].Value, m.Groups[3].Value, m.Groups[4].Value), m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
            for (int i = 0; i < Rounds; i++)
            {
                var n = i.ToString(CultureInfo.InvariantCulture);
                double Ms(string k) => (stamps[(k, n, "1")] - stamps[(k, n, "0")]) * 1000;
                ours.Add(Ms("a"));
                theirs.Add(Ms("b"));
                hashed.Add(Ms("c"));
            }
        }
        yield return new BenchRow("host: lbs boot --load-only, 8 MB kernel + 32 MB initrd (guest, process included)", Median(ours), "ms", Median(theirs), "kexec -s -l", "ratio <= 1.00", $"lbs {Runs(ours)}; kexec-tools {Runs(theirs)}");
        yield return new BenchRow("host: same with --sha256 on both files (memfd copy + SHA-256)", Median(hashed), "ms", Median(theirs), "kexec -s -l", Note: Runs(hashed));

        var doctor = new List<double>();
        for (int i = 0; i < 10; i++)
        {
            var sw = Stopwatch.StartNew();
            var (code, _, _) = Artifacts.RunLbs("doctor");
            sw.Stop();
            if (code != 0)
                throw new InvalidOperationException($"lbs doctor exited with {code}");
            doctor.Add(sw.Elapsed.TotalMilliseconds);
        }
        yield return new BenchRow("host: lbs doctor wall time (this machine, median of 10)", Median(doctor), "ms", Note: Runs(doctor));
    }
}
