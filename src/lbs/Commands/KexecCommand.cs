using System.Globalization;
using LinuxBootSharp.Boards;
using LinuxBootSharp.Boot;
using LinuxBootSharp.Boot.Kexec;
using LinuxBootSharp.Interop;

namespace LinuxBootSharp.Cli.Commands;

/// <summary>
/// `lbs kexec ...`, and lbs invoked as `kexec` (a symlink): kexec-tools' command line
/// (<see cref="KexecArguments"/>), its actions in its order and its exit codes (kexec/kexec.c
/// main): 1 for a usage error or a refusal kexec-tools makes with die(), 255 (EFAILED, -1) when a
/// load, unload or exec fails, the loaded state (0/1) for --status. Loading is lbs's path
/// (one memfd per kernel and concatenated initrds, verified hashes, the hand-off archive); the
/// default action (no -l/-e/-u/-p) shuts down the way `lbs boot` does.
/// </summary>
public sealed class KexecCommand : ICommand
{
    /// <summary>kexec-tools' EFAILED (-1) as an exit status.</summary>
    private const int Failed = 255;

    public string Name => "kexec";

    public string Usage => "kexec [kexec-tools options] [KERNEL]   kexec-tools compatible (also as a 'kexec' symlink; 'lbs kexec --help')";

    public string SysRoot { get; init; } = "/sys";

    public int Run(string[] args)
    {
        KexecArguments a;
        try
        {
            a = KexecArguments.Parse(args);
        }
        catch (KexecUsageException e)
        {
            StandardStreams.Error.WriteLine($"kexec: {e.Message}\nTry 'kexec --help' for more information.");
            return 1;
        }
        if (a.Help)
        {
            StandardStreams.Out.Write(KexecOptionTable.Help);
            return 0;
        }
        if (a.Version)
        {
            StandardStreams.Out.WriteLine("kexec-tools 2.0.25 compatible (lbs kexec)");
            return 0;
        }
        var state = new KexecState(SysRoot);
        if (a.PrintCrashSize)
        {
            StandardStreams.Out.WriteLine(Math.Max(0, state.CrashSize).ToString(CultureInfo.InvariantCulture));
            return 0;
        }
        Action<string> debug = a.Debug ? line => StandardStreams.Error.WriteLine(line) : _ => { };
        try
        {
            return Execute(a, state, debug);
        }
        catch (KexecUsageException e)
        {
            StandardStreams.Error.WriteLine($"kexec: {e.Message}");
            return 1;
        }
        catch (BootLoadException e)
        {
            StandardStreams.Error.WriteLine($"kexec: {e.Message}");
            return Failed;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            StandardStreams.Error.WriteLine($"kexec: {e.Message}");
            return Failed;
        }
    }

    private int Execute(KexecArguments a, KexecState state, Action<string> debug)
    {
        if (a.Status)
        {
            int loaded = a.Crash ? state.CrashLoaded : state.Loaded;
            debug($"{(a.Crash ? "kexec_crash_loaded" : "kexec_loaded")}={loaded}");
            return loaded < 0 ? Failed : loaded;
        }
        bool raw = a.Segments.Count > 0;
        if (raw && a.ExplicitFileSyscall)
            throw new KexecUsageException("--segment is raw kexec_load; it cannot go with -s");
        if (a.DoUnload)
        {
            if (a.FileSyscall && !raw)
                Check(() => KexecFileLoad.Unload(a.Crash), "kexec_file_load(unload)");
            else
                Check(() => KexecLoad.Unload(a.Crash ? KexecLoad.FlagOnCrash : 0), "kexec unload");
            debug("unloaded");
        }
        if (a.DoLoad)
        {
            // kexec.c: a crash kernel needs its reserved memory first.
            if (a.Crash && state.CrashSize <= 0)
                throw new KexecUsageException("Memory for crashkernel is not reserved\nPlease reserve memory by passing\"crashkernel=Y@X\" parameter to kernel\nThen try to loading kdump kernel");
            if (raw)
                LoadRaw(a, debug);
            else
                LoadKernel(a, debug);
        }
        // kexec.c: "Don't shutdown unless there is something to reboot to!"
        if ((a.DoShutdown || a.DoExec) && state.Loaded != 1)
            throw new KexecUsageException("Nothing has been loaded!");
        var log = (Action<string>)(line => StandardStreams.Out.WriteLine("kexec: " + line));
        if (a.DoShutdown)
        {
            // kexec-tools runs `shutdown -r now` and relies on the init to kexec; lbs does what
            // `lbs boot` does: systemctl kexec under systemd, else sync + remount read-only + exec.
            new HostKexec(log).Execute();
            return Failed;
        }
        if (a.DoSync)
            Sync.Invoke();
        if (a.DoIfdown)
            NetworkInterfaces.BringAllDown(debug, SysRoot);
        if (a.DoExec)
        {
            StandardStreams.Out.Flush();
            try
            {
                Reboot.Invoke(Reboot.CmdKexec);
            }
            catch (ErrnoException e)
            {
                StandardStreams.Error.WriteLine($"kexec failed: {ErrnoText.Describe(e.Errno)}");
            }
            return Failed;
        }
        return 0;
    }

    private static void Check(Action call, string what)
    {
        try
        {
            call();
        }
        catch (ErrnoException e)
        {
            throw new BootLoadException($"{what} failed: {ErrnoText.Describe(e.Errno)}");
        }
    }

    private static void LoadRaw(KexecArguments a, Action<string> debug)
    {
        if (a.Entry is null)
            throw new KexecUsageException("--segment needs --entry=ADDR (where the kernel jumps after copying the segments)");
        if (a.Operands.Count > 0 || a.Initrds.Count > 0 || a.Append is not null || a.AppendCpio.Count > 0)
            throw new KexecUsageException("raw mode takes only --segment and --entry: no kernel file, initrd, command line or --append-cpio");
        var entry = RawSegments.Number(a.Entry, "--entry", "address");
        var segs = a.Segments.Select(RawSegments.Parse).ToList();
        foreach (var line in RawSegments.Load(segs, entry, a.Crash ? KexecLoad.FlagOnCrash : 0))
            debug(line);
        debug($"kexec_load: entry 0x{entry:x}, {segs.Count} segment(s)");
    }

    private static void LoadKernel(KexecArguments a, Action<string> debug)
    {
        if (a.Operands.Count == 0)
            throw new BootLoadException("No kernel specified");
        if (!a.FileSyscall)
            throw new KexecUsageException("-c (kexec_load) with a kernel file needs user-space image loading (bzImage setup, boot_params, purgatory), which lbs does not implement: use -s (kexec_file_load, the default), or -c with raw --segment FILE@ADDR --entry ADDR");
        if (a.Type is not null && a.Type is not ("bzImage" or "bzImage64"))
            throw new KexecUsageException($"--type {a.Type}: lbs loads bzImage kernels through kexec_file_load only");
        if (a.Dtb is not null)
            throw new KexecUsageException("--dtb: kexec_file_load on x86_64 takes no device tree (kexec-tools uses --dtb only with kexec_load)");
        var kernel = a.Operands[0];
        var sums = a.Sha256File is null ? null : Sha256Sums.Parse(File.ReadAllText(a.Sha256File), a.Sha256File);
        BootFile Host(string path, string? given)
        {
            var want = given is null ? sums?.For(path) : Sha256Sums.ParseHex(given, "--sha256");
            if (sums is not null && want is null)
                throw new BootLoadException($"{path}: not listed in {a.Sha256File}; every loaded file must be");
            return BootFile.FromHostPath(path) with { ExpectedSha256 = want };
        }
        // kexec-tools' command line: --reuse-cmdline takes /proc/cmdline without BOOT_IMAGE (and
        // crashkernel= for -p), then --append is added after it (kexec.c get_command_line, concat_cmdline).
        string cmdline = a.Append ?? "";
        if (a.ReuseCmdline)
        {
            var drop = a.Crash ? new[] { "BOOT_IMAGE", "crashkernel" } : ["BOOT_IMAGE"];
            var current = KernelCommandLine.Remove(File.ReadAllText("/proc/cmdline"), drop);
            cmdline = a.Append is null ? current : current + " " + a.Append;
        }
        HandoffArchive? handoff = null;
        if (a.AppendCpio.Count > 0)
        {
            handoff = new HandoffArchive();
            foreach (var spec in a.AppendCpio)
                handoff.AddFromArgument(spec, StandardStreams.OpenInput);
            if (!a.NoRandomSeed)
                handoff.AddRandomSeed();
        }
        var request = new BootRequest(kernel, Host(kernel, a.KernelSha256), a.Initrds.Select(i => Host(i.Path, i.Sha256)).ToList(), cmdline) { Handoff = handoff };
        var options = new BootOptions { Log = debug, LoadOnly = true, Measure = a.Debug };
        new BootRunner(new HostKexec(debug) { Flags = a.Crash ? KexecFileLoad.FlagOnCrash : 0 }, BoardCatalog.Generic, options).Run(request);
        debug($"kexec_file_load: flags 0x{(a.Crash ? KexecFileLoad.FlagOnCrash : 0) | (request.Initrds.Count == 0 && handoff is null ? KexecFileLoad.FlagNoInitramfs : 0):x}");
    }
}
