using LinuxBootSharp.CommandLine;
using System.Text;
using LinuxBootSharp.Boards;
using LinuxBootSharp.Boot;
using LinuxBootSharp.Boot.Discovery;
using LinuxBootSharp.Boot.Kexec;
using LinuxBootSharp.Boot.MenuHost;
using LinuxBootSharp.Boot.Targets;
using LinuxBootSharp.BootConfig;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.Cli.Commands;

/// <summary>
/// `lbs boot`: kexec an entry of `lbs scan` (ENTRY: its number, id, title or submenu&gt;title
/// path) or a kernel with initrds and a command line, the safe way on a running system
/// (<see cref="HostKexec"/>); or reboot through the firmware into the entry (<see cref="RebootInstead"/>),
/// on request or when kexec is unavailable here.
/// </summary>
public sealed class BootCommand : ICommand
{
    public string Name => "boot";

    public string Usage => "boot [ENTRY [--from TARGET]... | --kernel PATH [--initrd PATH]...] [--append STR | --reuse-cmdline] [--sha256 HEX] [--sha256-file FILE] [--append-cpio NAME=FILE|-]... [--no-random-seed] [--board NAME] [--measure] [--dry-run] [--load-only] [--reboot-instead [--grubenv FILE]]";

    public int Run(string[] args)
    {
        BootArguments a;
        try
        {
            a = BootArguments.Parse(args);
        }
        catch (UsageException e)
        {
            StandardStreams.Error.WriteLine($"lbs boot: {e.Message}\nusage: lbs {Usage}");
            return 2;
        }
        var log = (Action<string>)(line => { StandardStreams.Out.WriteLine("lbs: " + line); StandardStreams.Out.Flush(); });
        var board = a.Board is null ? BoardCatalog.Select(BoardCatalog.ReadDmi(LinuxBootSharp.Interop.SysFile.TryReadAttribute)) : BoardCatalog.Find(a.Board);
        if (board is null)
        {
            StandardStreams.Error.WriteLine($"lbs boot: no board profile named '{a.Board}' (have: {string.Join(", ", BoardCatalog.All.Select(p => p.Name))})");
            return 2;
        }
        BootEntry? entry = null;
        try
        {
            var sums = a.Sha256File is null ? null : Sha256Sums.Parse(File.ReadAllText(a.Sha256File), a.Sha256File);
            BootRequest request;
            if (a.Entry is not null)
            {
                var sources = a.From.Count == 0 ? MachineDisks.Sources() : a.From.Select(DiskTargets.Source).ToList();
                var result = new DiscoveryEngine(TimeSpan.FromMilliseconds(board.Menu.DeviceDeadlineMs)).Run(sources);
                entry = EntrySelector.Select(result.Entries, a.Entry);
                // The menu's details, then the plan: what `d` shows before Enter.
                log($"entry: {entry.Title}");
                foreach (var line in EntryMenuItems.Details(entry, result.ParseOf(entry)))
                    log("  " + line);
                request = EntryBoot.ToRequest(entry, a.Append, board);
                request = WithEntryHashes(request, entry, a, sums);
            }
            else
            {
                var cmdline = a.Append ?? (a.Reuse ? BoardCmdlineEdits.ForReuse(File.ReadAllText("/proc/cmdline")) : "");
                cmdline = BoardCmdlineEdits.Apply(cmdline, board);
                request = new BootRequest(a.Kernel!, HostFile(a.Kernel!, a.KernelSha256, sums),
                    a.Initrds.Select(i => HostFile(i.Path, i.Sha256, sums)).ToList(), cmdline);
            }
            request = request with { Handoff = a.Handoff(StandardStreams.OpenInput) };

            var availability = new KexecAvailability();
            var rebootOptions = new RebootInsteadOptions { Log = log, GrubEnv = a.GrubEnv, EfiVars = a.EfiVars ?? "/sys/firmware/efi/efivars", WriteOnly = a.LoadOnly, DryRun = a.DryRun };
            string? unavailable = a.RebootInstead ? "--reboot-instead" : availability.UnavailableReason();
            if (unavailable is not null)
                return RebootOrFail(entry, unavailable, rebootOptions);

            var options = new BootOptions { Log = log, DryRun = a.DryRun, Measure = a.Measure, LoadOnly = a.LoadOnly };
            try
            {
                switch (new BootRunner(new HostKexec(log), board, options).Run(request))
                {
                    case BootOutcome.Loaded:
                        StandardStreams.Out.WriteLine("loaded; run 'systemctl kexec' (or 'kexec -e') to execute");
                        return 0;
                    case BootOutcome.Planned:
                        return 0;
                    default:
                        StandardStreams.Error.WriteLine("lbs boot: reboot(KEXEC) returned without starting the kernel");
                        return 1;
                }
            }
            catch (KexecRefusedException e) when (!a.DryRun && !a.LoadOnly && availability.ReasonFromRefusal(e.Errno) is string why)
            {
                log(e.Message);
                return RebootOrFail(entry, why, rebootOptions);
            }
        }
        catch (Exception e) when (e is BootLoadException or EntrySelectionException or StorageException or IOException or UnauthorizedAccessException)
        {
            StandardStreams.Error.WriteLine($"lbs boot: {e.Message}");
            return 1;
        }
    }

    private static int RebootOrFail(BootEntry? entry, string reason, RebootInsteadOptions o)
    {
        if (entry is null)
        {
            StandardStreams.Error.WriteLine($"lbs boot: kexec unavailable ({reason}); rebooting through the firmware needs an ENTRY of the running system's boot loader, not --kernel");
            return 1;
        }
        var r = RebootInstead.Run(entry, reason, o);
        if (!r.Rebooting && o.WriteOnly)
            StandardStreams.Out.WriteLine($"one-shot set ({r.Mechanism} in {r.File}); reboot to start '{entry.Title}'");
        return 0;
    }

    private static BootFile HostFile(string path, string? sha, Sha256Sums? sums)
    {
        var want = sha ?? sums?.For(path);
        if (sums is not null && want is null)
            throw new BootLoadException($"{path}: not listed in the --sha256-file; every loaded file must be");
        return BootFile.FromHostPath(path) with { ExpectedSha256 = want };
    }

    private static BootRequest WithEntryHashes(BootRequest r, BootEntry e, BootArguments a, Sha256Sums? sums)
    {
        if (sums is null && a.KernelSha256 is null && a.Initrds.Count == 0)
            return r;
        string? For(FileRef f, string? given)
        {
            var want = given ?? sums?.ForEntryFile(f.Display, f.Path);
            if (sums is not null && want is null)
                throw new BootLoadException($"{f.Display}: not listed in the --sha256-file; every loaded file must be");
            return want;
        }
        var kernel = r.Kernel with { ExpectedSha256 = For(e.Kernel!, a.KernelSha256) };
        var initrds = r.Initrds.Select((f, i) => f with { ExpectedSha256 = For(e.Initrds[i], null) }).ToList();
        return r with { Kernel = kernel, Initrds = initrds };
    }
}

/// <summary>`lbs boot`'s options; `--sha256 HEX` belongs to the --kernel or --initrd just before it (to the entry's kernel after ENTRY).</summary>
internal sealed class BootArguments
{
    public string? Entry, Kernel, KernelSha256, Append, Board, Sha256File, GrubEnv, EfiVars;
    public List<(string Path, string? Sha256)> Initrds { get; } = [];
    public List<string> From { get; } = [];
    public List<string> AppendCpio { get; } = [];
    public bool Reuse, DryRun, LoadOnly, Measure, RebootInstead, NoRandomSeed;

    public static BootArguments Parse(string[] args)
    {
        var a = new BootArguments();
        var r = new ArgReader(args);
        string last = "";
        while (!r.Done)
        {
            if (r.TryValue("--kernel", out var k)) { a.Kernel = k; last = "kernel"; }
            else if (r.TryValue("--initrd", out var i)) { a.Initrds.Add((i, null)); last = "initrd"; }
            else if (r.TryValue("--sha256", out var h))
            {
                var hex = ParseHex(h);
                if (last == "initrd")
                {
                    if (a.Initrds[^1].Sha256 is not null)
                        throw new UsageException($"--sha256 {h}: the initrd {a.Initrds[^1].Path} has one already");
                    a.Initrds[^1] = (a.Initrds[^1].Path, hex);
                }
                else if (last is "kernel" or "entry" && a.KernelSha256 is null) a.KernelSha256 = hex;
                else throw new UsageException($"--sha256 {h}: put it right after the --kernel or --initrd it checks");
            }
            else if (r.TryValue("--sha256-file", out var sf)) a.Sha256File = sf;
            else if (r.TryValue("--append-cpio", out var ac)) a.AppendCpio.Add(ac);
            else if (r.TryValue("--append", out var ap)) a.Append = ap;
            else if (r.TryValue("--board", out var b)) a.Board = b;
            else if (r.TryValue("--from", out var f)) a.From.Add(f);
            else if (r.TryValue("--grubenv", out var g)) a.GrubEnv = g;
            else if (r.TryValue("--efivars", out var ev)) a.EfiVars = ev;
            else if (r.TryFlag("--reuse-cmdline")) a.Reuse = true;
            else if (r.TryFlag("--dry-run")) a.DryRun = true;
            else if (r.TryFlag("--load-only")) a.LoadOnly = true;
            else if (r.TryFlag("--measure")) a.Measure = true;
            else if (r.TryFlag("--reboot-instead")) a.RebootInstead = true;
            else if (r.TryFlag("--no-random-seed")) a.NoRandomSeed = true;
            else if (r.TryOperand(out var e))
            {
                if (a.Entry is not null)
                    throw new UsageException($"one ENTRY only ('{a.Entry}', then '{e}'; quote a title with spaces)");
                a.Entry = e;
                last = "entry";
            }
            else throw new UsageException($"unknown argument '{r.Peek}'");
        }
        if ((a.Kernel is null) == (a.Entry is null))
            throw new UsageException(a.Kernel is null ? "name an ENTRY of 'lbs scan' or give --kernel PATH" : "ENTRY and --kernel exclude each other");
        if (a.Entry is not null && a.Initrds.Count > 0)
            throw new UsageException("--initrd goes with --kernel; an ENTRY brings its own initrds");
        if (a.Kernel is not null && a.From.Count > 0)
            throw new UsageException("--from goes with ENTRY");
        if (a.Append is not null && a.Reuse)
            throw new UsageException("--append and --reuse-cmdline exclude each other");
        if (a.Reuse && a.Entry is not null)
            throw new UsageException("--reuse-cmdline goes with --kernel; an ENTRY brings its own command line (--append replaces it)");
        if (a.RebootInstead && a.Kernel is not null)
            throw new UsageException("--reboot-instead needs an ENTRY the running system's boot loader knows");
        return a;
    }

    private static string ParseHex(string h)
    {
        try
        {
            return Sha256Sums.ParseHex(h, "--sha256");
        }
        catch (BootLoadException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>The hand-off archive: the --append-cpio files and the random seed; null without --append-cpio.</summary>
    public HandoffArchive? Handoff(Func<Stream> stdin)
    {
        if (AppendCpio.Count == 0)
            return null;
        var h = new HandoffArchive();
        foreach (var spec in AppendCpio)
            h.AddFromArgument(spec, stdin);
        if (!NoRandomSeed)
            h.AddRandomSeed();
        return h;
    }
}
