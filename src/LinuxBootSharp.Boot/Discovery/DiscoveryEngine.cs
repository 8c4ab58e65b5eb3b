using System.Diagnostics;
using LinuxBootSharp.BootConfig;
using LinuxBootSharp.BootConfig.Bls;
using LinuxBootSharp.BootConfig.Grub;
using LinuxBootSharp.BootConfig.Syslinux;
using LinuxBootSharp.BootConfig.Uki;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.Boot.Discovery;

/// <summary>
/// Disks → partition tables → file systems → every config parser → ranked entries.
/// Phase 1 scans every disk on its own thread; phase 2 runs the parsers per disk on the same
/// thread, with every file system of every disk visible (GRUB `search`). Each phase waits
/// at most the device deadline per disk: a disk that has not answered is reported and skipped,
/// and its thread is abandoned (a read blocked in the kernel cannot be cancelled).
/// </summary>
public sealed class DiscoveryEngine
{
    public DiscoveryEngine(TimeSpan deviceDeadline, IReadOnlyList<IBootConfigParser>? parsers = null)
    {
        DeviceDeadline = deviceDeadline;
        Parsers = parsers ?? DefaultParsers();
    }

    public TimeSpan DeviceDeadline { get; }

    public IReadOnlyList<IBootConfigParser> Parsers { get; }

    /// <summary>Offer the ISO images lying on each file system (<see cref="IsoFileScan"/>); on by default.</summary>
    public bool ScanIsoFiles { get; init; } = true;

    /// <summary>GRUB first (its grub.cfg usually drives the machine), then BLS, UKI, syslinux.
    /// GRUB gets the ISO opener, so <c>loopback</c> entries can boot from inside an image.</summary>
    public static IReadOnlyList<IBootConfigParser> DefaultParsers() =>
        [new GrubParser(IsoLoopbackOpener.Instance), new BlsParser(), new UkiParser(), new SyslinuxParser()];

    public DiscoveryResult Run(IReadOnlyList<DiskSource> sources)
    {
        var sw = Stopwatch.StartNew();
        var result = new DiscoveryResult();

        // Phase 1: every disk scanned on its own thread, concurrently.
        var jobs = new List<DiskJob>();
        for (int i = 0; i < sources.Count; i++)
        {
            var source = sources[i];
            int index = i;
            jobs.Add(new DiskJob(() => ScanOne(source, index, DeviceDeadline / 2), ParseDisk));
        }
        for (int i = 0; i < sources.Count; i++)
        {
            var (disk, timedOut, elapsed, error) = jobs[i].WaitScanned(DeviceDeadline);
            if (timedOut)
                disk = new DiscoveredDisk { Name = sources[i].Name, Index = i, TimedOut = true, Elapsed = elapsed, Problem = $"no answer within {DeviceDeadline.TotalSeconds:0.#} s: skipped" };
            else if (error is not null)
                disk = new DiscoveredDisk { Name = sources[i].Name, Index = i, Elapsed = elapsed, Problem = error };
            result.Disks.Add(disk!);
            if (disk!.Problem is not null)
                result.Diagnostics.Add(new Diagnostic(Severity.Error, disk.Problem, disk.Name));
            if (disk.Scan is not null)
            {
                foreach (var p in disk.Scan.Problems)
                    result.Diagnostics.Add(new Diagnostic(Severity.Warning, p, disk.Name));
                foreach (var v in disk.Scan.Volumes.Where(v => v.Problem is not null))
                    result.Diagnostics.Add(new Diagnostic(Severity.Warning, v.Problem!, v.Identity.Device));
            }
        }
        result.ScanElapsed = sw.Elapsed;

        // Phase 2: the same threads parse their disk's configs, with every file system of every
        // disk visible (GRUB `search`). A disk skipped in phase 1 is told to stop.
        var volumes = result.Disks.SelectMany(d => d.Trees).ToList();
        for (int i = 0; i < jobs.Count; i++)
            jobs[i].StartParsing(result.Disks[i].Trees.Count > 0 ? volumes : null);
        var perDisk = new List<List<(ConfigParseResult Result, IFileTree Tree)>>();
        var parseStart = sw.Elapsed;
        for (int i = 0; i < result.Disks.Count; i++)
        {
            if (result.Disks[i].Trees.Count == 0)
            {
                perDisk.Add([]);
                continue;
            }
            var (list, timedOut, error) = jobs[i].WaitParsed(DeviceDeadline - (sw.Elapsed - parseStart));
            if (timedOut || error is not null)
            {
                result.Diagnostics.Add(new Diagnostic(Severity.Error, timedOut ? $"reading configs took longer than {DeviceDeadline.TotalSeconds:0.#} s: skipped" : $"reading configs failed: {error}", result.Disks[i].Name));
                perDisk.Add([]);
                continue;
            }
            perDisk.Add(list!);
        }
        EntryRanking.Rank(result, perDisk);
        result.Elapsed = sw.Elapsed;
        return result;
    }

    private static DiscoveredDisk ScanOne(DiskSource source, int index, TimeSpan gateWait)
    {
        var sw = Stopwatch.StartNew();
        var gate = new object();
        switch (source)
        {
            case DirectorySource d:
            {
                var tree = new DirectoryFileTree(d.Path, new FileSystemIdentity { Type = "dir", Device = d.Name, DiskIndex = index });
                var disk = new DiscoveredDisk { Name = d.Name, Index = index, Elapsed = sw.Elapsed };
                disk.Trees.Add(new SerializedFileTree(tree, gate, gateWait));
                return disk;
            }
            case TreeSource t:
            {
                IFileTree tree;
                try
                {
                    tree = t.Open(index);
                }
                catch (StorageException e)
                {
                    return new DiscoveredDisk { Name = t.Name, Index = index, Problem = e.Message, Elapsed = sw.Elapsed };
                }
                var disk = new DiscoveredDisk { Name = t.Name, Index = index, Elapsed = sw.Elapsed };
                disk.Trees.Add(new SerializedFileTree(tree, gate, gateWait));
                return disk;
            }
            case BlockDiskSource b:
            {
                IBlockReader reader;
                try
                {
                    reader = b.Open();
                }
                catch (StorageException e)
                {
                    return new DiscoveredDisk { Name = b.Name, Index = index, Problem = e.Message, Elapsed = sw.Elapsed };
                }
                var scan = DiskScanner.Scan(reader, index);
                var disk = new DiscoveredDisk { Name = b.Name, Index = index, Scan = scan, Elapsed = sw.Elapsed };
                foreach (var v in scan.Volumes)
                    if (v.Tree is not null)
                        disk.Trees.Add(new SerializedFileTree(v.Tree, gate, gateWait));
                return disk;
            }
            default:
                throw new ArgumentException("unknown source", nameof(source));
        }
    }

    private List<(ConfigParseResult, IFileTree)> ParseDisk(DiscoveredDisk disk, IReadOnlyList<IFileTree> volumes)
    {
        var list = new List<(ConfigParseResult, IFileTree)>();
        var isoLists = new List<(ConfigParseResult, IFileTree)>();
        // ISO images share half the device deadline per disk: the disk's own entries must not
        // be lost to the parse deadline because of images lying on it.
        var isoStart = Stopwatch.StartNew();
        foreach (var tree in disk.Trees)
        {
            foreach (var parser in Parsers)
            {
                ConfigParseResult r;
                try
                {
                    r = parser.Parse(tree, volumes);
                }
                catch (Exception e)
                {
                    // Parsers promise diagnostics instead of exceptions; a broken promise must
                    // still not hide the other entries (or take PID 1 down).
                    r = new ConfigParseResult();
                    r.Diagnostics.Add(new Diagnostic(Severity.Error, $"{parser.Name} parser failed: {e.GetType().Name}: {e.Message}", tree.Identity.Device));
                }
                list.Add((r, tree));
            }
            if (ScanIsoFiles)
                isoLists.AddRange(IsoFileScan.Scan(tree, volumes, DeviceDeadline / 2 - isoStart.Elapsed));
        }
        // After the disk's own configs: the images' entries follow the disk's own.
        list.AddRange(isoLists);
        return list;
    }

    /// <summary>
    /// One disk's work on its own background thread: scan, then wait until the caller hands
    /// over every disk's volumes (or tells it to stop), then parse. One thread per disk for
    /// both phases: a thread start is among the dearest things PID 1 does before the menu
    /// under emulation. The caller waits for each phase with a deadline; a thread stuck in a
    /// read is abandoned (a read blocked in the kernel cannot be cancelled).
    /// </summary>
    private sealed class DiskJob
    {
        private readonly Stopwatch _sw = Stopwatch.StartNew();
        private readonly ManualResetEventSlim _scanned = new(), _parsed = new(), _go = new();
        private DiscoveredDisk? _disk;
        private List<(ConfigParseResult, IFileTree)>? _parses;
        private IReadOnlyList<IFileTree>? _volumes;
        private string? _error;

        public DiskJob(Func<DiscoveredDisk> scan, Func<DiscoveredDisk, IReadOnlyList<IFileTree>, List<(ConfigParseResult, IFileTree)>> parse)
        {
            var thread = new Thread(() =>
            {
                try
                {
                    _disk = scan();
                }
                catch (Exception e)
                {
                    _error = $"{e.GetType().Name}: {e.Message}";
                }
                _scanned.Set();
                _go.Wait();
                try
                {
                    if (_disk is not null && _volumes is not null)
                        _parses = parse(_disk, _volumes);
                }
                catch (Exception e)
                {
                    _error = $"{e.GetType().Name}: {e.Message}";
                }
                _parsed.Set();
            }, 4 << 20) { IsBackground = true, Name = "discovery" };
            thread.Start();
        }

        /// <summary>Waits until the job is <paramref name="deadline"/> old (jobs started together share the wait).</summary>
        public (DiscoveredDisk? Disk, bool TimedOut, TimeSpan Elapsed, string? Error) WaitScanned(TimeSpan deadline)
        {
            var left = deadline - _sw.Elapsed;
            bool done = _scanned.Wait(left > TimeSpan.Zero ? left : TimeSpan.Zero);
            return done ? (_disk, false, _sw.Elapsed, _error) : (null, true, _sw.Elapsed, null);
        }

        /// <summary>Lets the thread parse with <paramref name="volumes"/>; null: nothing to parse, just finish.</summary>
        public void StartParsing(IReadOnlyList<IFileTree>? volumes)
        {
            _volumes = volumes;
            _go.Set();
        }

        public (List<(ConfigParseResult, IFileTree)>? Parses, bool TimedOut, string? Error) WaitParsed(TimeSpan left)
        {
            bool done = _parsed.Wait(left > TimeSpan.Zero ? left : TimeSpan.Zero);
            return done ? (_parses, false, _error) : (null, true, null);
        }
    }
}
