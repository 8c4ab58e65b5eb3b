using System.Diagnostics;
using System.Globalization;
using LinuxBootSharp.Boot.Kexec;
using LinuxBootSharp.Interop;

namespace LinuxBootSharp.Boot.Init;

/// <summary>
/// `make bench` support (kernel command line <c>lbs.bench=kexec</c>): times lbs's own load path
/// (default, and measured: copied into memfds and hashed) against kexec-tools' <c>kexec -s -l</c> on the same
/// files in the same guest, alternating runs, unloading between them. Prints one
/// "LBS-BENCH name=value" line per figure for the host to read.
/// </summary>
public static class KexecBenchFlow
{
    public const string Kernel = "/bench/vmlinuz";
    public const string Initrd = "/bench/initrd.img";
    public const string KexecTools = "/sbin/kexec";

    public static bool IsRequested(KernelCommandLine c) => c.Get("lbs.bench") == "kexec";

    public static void Run(InitContext ctx)
    {
        int runs = int.TryParse(ctx.Cmdline.Get("lbs.bench.runs"), out var r) ? Math.Clamp(r, 1, 50) : 5;
        const string cmdline = "console=ttyS0 panic=-1";
        var ours = new List<double>();
        var oursMeasured = new List<double>();
        var theirs = new List<double>();
        var loader = new KexecFileLoader();
        for (int i = 0; i < runs; i++)
        {
            foreach (bool measure in new[] { false, true })
            {
                var sw = Stopwatch.StartNew();
                using (var img = StagedImage.Stage(new BootRequest("bench", BootFile.FromHostPath(Kernel), [BootFile.FromHostPath(Initrd)], cmdline), measure: measure))
                    loader.Load(img);
                sw.Stop();
                (measure ? oursMeasured : ours).Add(sw.Elapsed.TotalMilliseconds);
                KexecFileLoad.Unload();
            }

            if (File.Exists(KexecTools))
            {
                using (ZombieReaper.Suspend(ctx.Log))
                {
                    var sw2 = Stopwatch.StartNew();
                    int status = PosixSpawn.Run(KexecTools, ["-s", "-l", Kernel, "--initrd=" + Initrd, "--append=" + cmdline]);
                    sw2.Stop();
                    if (status != 0)
                    {
                        ctx.Log.Error($"kexec-tools exited with {status}");
                        break;
                    }
                    theirs.Add(sw2.Elapsed.TotalMilliseconds);
                }
                KexecFileLoad.Unload();
            }
        }
        Print(ctx, "lbs-load-ms", ours);
        Print(ctx, "lbs-measured-load-ms", oursMeasured);
        if (theirs.Count > 0)
            Print(ctx, "kexec-tools-load-ms", theirs);
        ctx.Consoles.WriteAll("LBS-BENCH done\n");
    }

    private static void Print(InitContext ctx, string name, List<double> values)
    {
        var sorted = values.Order().ToList();
        double median = sorted[sorted.Count / 2];
        ctx.Consoles.WriteAll(string.Create(CultureInfo.InvariantCulture, $"LBS-BENCH {name}={median:0.0} runs={string.Join(',', values.Select(v => v.ToString("0.0", CultureInfo.InvariantCulture)))}\n"));
    }
}
