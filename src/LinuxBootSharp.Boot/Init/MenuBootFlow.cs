using System.Globalization;
using LinuxBootSharp.Boot.Discovery;
using LinuxBootSharp.Boot.Kexec;
using LinuxBootSharp.Boot.MenuHost;
using LinuxBootSharp.BootConfig;
using LinuxBootSharp.Interop;

namespace LinuxBootSharp.Boot.Init;

/// <summary>The normal PID-1 path: discover every entry on every disk, then the menu.</summary>
public static class MenuBootFlow
{
    public static DiscoveryResult Discover(InitContext ctx)
    {
        var deadline = TimeSpan.FromMilliseconds(ctx.Board.Menu.DeviceDeadlineMs);
        var sources = MachineDisks.Sources();
        ctx.Log.Info($"scanning {sources.Count} disk(s): {string.Join(", ", sources.Select(s => s.Name))}");
        var result = new DiscoveryEngine(deadline).Run(sources);
        foreach (var d in result.Disks)
        {
            var what = d.Problem ?? $"{d.Scan?.PartitionTable?.Scheme ?? "no partition table"}, {d.Trees.Count} file system(s): {string.Join(", ", d.Trees.Select(t => t.Identity.Type + (t.Identity.Label is { Length: > 0 } l ? " '" + l + "'" : "")))}";
            ctx.Log.Info($"  {d.Name}: {what} ({d.Elapsed.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms)");
        }
        // Each diagnostic already carries its device/file and severity ("/dev/vdb: warning: ...").
        foreach (var diag in result.Diagnostics.Where(x => x.Severity != Severity.Info))
            ctx.Log.Info(diag.ToString());
        ctx.Log.Info($"found {result.Entries.Count} entries in {result.Elapsed.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture)} ms (disks scanned in {result.ScanElapsed.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture)} ms){(result.Default is BootEntry e ? $", default '{e.Title}'" : "")}; peak RSS {PeakRssKb()} kB");
        return result;
    }

    /// <summary>VmHWM from /proc/self/status (Documentation/filesystems/proc.rst): the peak resident set.</summary>
    public static long PeakRssKb()
    {
        foreach (var line in (SysFile.TryReadText("/proc/self/status", 16 << 10) ?? "").Split('\n'))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal)
                && long.TryParse(line[6..].Trim().Split(' ')[0], NumberStyles.None, CultureInfo.InvariantCulture, out long kb))
                return kb;
        return -1;
    }

    public static void Run(InitContext ctx, IKexec kexec)
    {
        var first = Discover(ctx);
        new MenuLoop(ctx, () => Discover(ctx), kexec, () => MachineDisks.Fingerprint(), first).Run();
    }
}
