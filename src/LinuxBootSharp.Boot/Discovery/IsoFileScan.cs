using System.Diagnostics;
using LinuxBootSharp.BootConfig;
using LinuxBootSharp.BootConfig.Grub;
using LinuxBootSharp.BootConfig.Syslinux;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.Boot.Discovery;

/// <summary>
/// ISO images lying as files on a scanned file system, offered the way GRUB users boot them with
/// the Super GRUB Disk loopback.cfg convention (supergrubdisk.org wiki "Loopback.cfg"): the outer
/// config exports <c>iso_path</c> (the image's path inside its file system, without a device),
/// runs <c>loopback loop $iso_path</c>, sets <c>root</c> to <c>(loop)</c> and runs
/// <c>configfile /boot/grub/loopback.cfg</c>. An image without a loopback.cfg is read through its
/// own GRUB config, else its isolinux config. Every image is opened read-only in user space
/// (<see cref="IsoLoopbackOpener"/>), so the entries' kernel and initrds are FileRefs into the
/// image's tree. Each entry records the image (<see cref="BootEntry.IsoFile"/>) and sits in a
/// submenu titled with the image's file name; images never provide the machine's default.
/// <para>Bounded: only <c>*.iso</c> in the top directory, one level below it and in
/// <see cref="ExtraDirectories"/> are looked at (a data disk is never walked), at most
/// <see cref="MaxDirectories"/> directories are listed, at most <see cref="MaxIsos"/> images are
/// read per file system, and no image is started once the time budget is spent. A broken image
/// is a diagnostic naming its file; the other images and the disk's own entries stay.</para>
/// </summary>
public static class IsoFileScan
{
    /// <summary>Images read per file system at most.</summary>
    public const int MaxIsos = 16;

    /// <summary>Directories listed per file system at most (the top one included).</summary>
    public const int MaxDirectories = 64;

    /// <summary>Where ISO collections are kept by convention, besides the top two levels.</summary>
    public static IReadOnlyList<string> ExtraDirectories { get; } = ["/boot/iso", "/iso", "/isos"];

    /// <summary>
    /// Top-level directories of an installed system that never hold ISO collections; not listed,
    /// so a root file system costs a few directory reads, not dozens.
    /// </summary>
    public static IReadOnlySet<string> SkippedDirectories { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "/bin", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/libx32", "/lost+found", "/proc", "/run", "/sbin", "/snap", "/sys", "/tmp", "/usr", "/var",
        "/System Volume Information", "/$RECYCLE.BIN",
    };

    /// <summary>The config the loopback.cfg convention puts in an image.</summary>
    public const string LoopbackConfig = "/boot/grub/loopback.cfg";

    /// <summary>"device:/path" of an image, as <see cref="BootEntry.IsoFile"/> shows it.</summary>
    public static string Display(IFileTree tree, string path) => $"{tree.Identity.Device}:{path}";

    /// <summary>The image files to read on <paramref name="tree"/>, in path order, at most <see cref="MaxIsos"/>.</summary>
    public static IReadOnlyList<string> FindCandidates(IFileTree tree, List<Diagnostic> diagnostics)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        int listed = 0;
        bool truncatedDirs = false;
        IReadOnlyList<DirectoryEntry>? List(string dir)
        {
            if (listed >= MaxDirectories)
            {
                truncatedDirs = true;
                return null;
            }
            listed++;
            try
            {
                return tree.ListDirectory(dir);
            }
            catch (StorageException e)
            {
                diagnostics.Add(new Diagnostic(Severity.Warning, $"ISO scan: cannot list {dir}: {e.Message}", Display(tree, dir)));
                return null;
            }
        }
        void Collect(string dir, IReadOnlyList<DirectoryEntry> entries)
        {
            foreach (var e in entries)
                if (e.Kind == FileKind.File && e.Name.EndsWith(".iso", StringComparison.OrdinalIgnoreCase))
                    found.Add((dir == "/" ? "" : dir) + "/" + e.Name);
        }

        if (tree.TryStat("/") is not { Kind: FileKind.Directory } || List("/") is not { } top)
            return [];
        Collect("/", top);
        // The conventional places first, so a full budget of directories never hides them.
        foreach (var d in ExtraDirectories)
        {
            if (tree.TryStat(d, out _) is not { Kind: FileKind.Directory })
                continue;
            if (List(d) is { } entries)
                Collect(d, entries);
        }
        var dirs = top.Where(e => e.Kind == FileKind.Directory)
            .Select(e => "/" + e.Name)
            .Where(d => !ExtraDirectories.Contains(d, StringComparer.Ordinal) && !SkippedDirectories.Contains(d))
            .OrderBy(d => d, StringComparer.Ordinal);
        foreach (var d in dirs)
            if (List(d) is { } entries)
                Collect(d, entries);
        if (truncatedDirs)
            diagnostics.Add(new Diagnostic(Severity.Info, $"ISO scan: only {MaxDirectories} directories looked at", tree.Identity.Device));
        if (found.Count > MaxIsos)
        {
            diagnostics.Add(new Diagnostic(Severity.Warning, $"ISO scan: {found.Count} ISO images found, only the first {MaxIsos} are offered", tree.Identity.Device));
            return found.Take(MaxIsos).ToList();
        }
        return found.ToList();
    }

    /// <summary>
    /// Reads every image <see cref="FindCandidates"/> lists on <paramref name="tree"/>: one result
    /// per image (its tree beside it), or a diagnostic-only result for an image that cannot be read.
    /// No image is started after <paramref name="budget"/> has passed.
    /// </summary>
    public static List<(ConfigParseResult Result, IFileTree Tree)> Scan(IFileTree tree, IReadOnlyList<IFileTree> volumes, TimeSpan budget, ILoopbackOpener? opener = null)
    {
        var sw = Stopwatch.StartNew();
        opener ??= IsoLoopbackOpener.Instance;
        var list = new List<(ConfigParseResult, IFileTree)>();
        var lookDiagnostics = new List<Diagnostic>();
        IReadOnlyList<string> candidates;
        try
        {
            candidates = FindCandidates(tree, lookDiagnostics);
        }
        catch (Exception e)
        {
            // Never let the images cost the disk's own entries (DiscoveryEngine drops a disk whose parse throws).
            lookDiagnostics.Add(new Diagnostic(Severity.Warning, $"ISO scan failed: {e.GetType().Name}: {e.Message}", tree.Identity.Device));
            candidates = [];
        }
        if (lookDiagnostics.Count > 0)
        {
            var r = new ConfigParseResult();
            r.Diagnostics.AddRange(lookDiagnostics);
            list.Add((r, tree));
        }
        for (int i = 0; i < candidates.Count; i++)
        {
            if (sw.Elapsed > budget)
            {
                var r = new ConfigParseResult();
                r.Diagnostics.Add(new Diagnostic(Severity.Warning,
                    $"ISO scan: time budget of {budget.TotalSeconds:0.#} s spent, {candidates.Count - i} ISO image(s) not read (first: {Display(tree, candidates[i])})", tree.Identity.Device));
                list.Add((r, tree));
                break;
            }
            list.Add(ReadOne(tree, candidates[i], volumes, opener));
        }
        return list;
    }

    /// <summary>The entries of one image file: loopback.cfg with the convention's variables, else the image's own configs.</summary>
    public static (ConfigParseResult Result, IFileTree Tree) ReadOne(IFileTree host, string path, IReadOnlyList<IFileTree> volumes, ILoopbackOpener? opener = null)
    {
        opener ??= IsoLoopbackOpener.Instance;
        var isoFile = Display(host, path);
        IFileTree? iso;
        string? problem;
        try
        {
            iso = opener.Open(new FileRef(host, path), out problem);
        }
        catch (Exception e)
        {
            iso = null;
            problem = e is StorageException ? e.Message : $"{e.GetType().Name}: {e.Message}";
        }
        if (iso is null)
        {
            var failed = new ConfigParseResult();
            // Storage's messages usually start with the image's own name already.
            var why = problem is not null && problem.StartsWith(isoFile, StringComparison.Ordinal) ? problem[isoFile.Length..].TrimStart(':', ' ') : problem;
            failed.Diagnostics.Add(new Diagnostic(Severity.Warning, $"ISO image {isoFile} cannot be read: {why}", isoFile));
            return (failed, host);
        }

        ConfigParseResult result;
        try
        {
            result = ParseIso(iso, host, path, volumes, opener);
        }
        catch (Exception e)
        {
            // The parsers promise diagnostics; a reader failing inside the image must still not
            // hide the other images or the disk's own entries.
            result = new ConfigParseResult();
            result.Diagnostics.Add(new Diagnostic(Severity.Warning, $"ISO image {isoFile} cannot be read: {e.GetType().Name}: {e.Message}", isoFile));
        }
        var name = path[(path.LastIndexOf('/') + 1)..];
        foreach (var e in result.Entries)
        {
            e.IsoFile = isoFile;
            e.SubmenuPath = [name, .. e.SubmenuPath];
            // The machine's default and timeout come from the disks' own configs, never from an image lying on one.
            e.IsDefault = false;
        }
        result.Timeout = null;
        result.DefaultIsOneShot = false;
        return (result, iso);
    }

    private static ConfigParseResult ParseIso(IFileTree iso, IFileTree host, string path, IReadOnlyList<IFileTree> volumes, ILoopbackOpener opener)
    {
        IReadOnlyList<IFileTree> all = [iso, .. volumes];
        if (iso.TryStat(LoopbackConfig) is { Kind: FileKind.File })
        {
            var interpreter = new GrubInterpreter(iso, all, opener);
            // root=(loop): the outer config's "loopback loop $iso_path; set root=(loop)".
            interpreter.Devices.AddLoopback("loop", iso);
            var uuid = string.IsNullOrEmpty(host.Identity.Uuid) ? null : host.Identity.Uuid;
            var preset = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["iso_path"] = path,
                // Names ISO-booting menus commonly set for the image's file system (a1ive's
                // "ISO Loopback Cheatcodes"; archiso: img_dev=/dev/disk/by-uuid/UUID img_loop=$iso_path).
                ["isofile"] = path,
            };
            if (uuid is not null)
            {
                preset["rootuuid"] = uuid;
                preset["img_dev"] = "/dev/disk/by-uuid/" + uuid;
            }
            if (!string.IsNullOrEmpty(iso.Identity.Uuid))
                preset["iso_uuid"] = iso.Identity.Uuid!;
            return interpreter.Run(LoopbackConfig, null, preset).Result;
        }
        var grub = new GrubParser(opener).Parse(iso, all);
        var result = grub;
        if (grub.Entries.Count == 0)
        {
            result = new SyslinuxParser().Parse(iso, all);
            result.Diagnostics.InsertRange(0, grub.Diagnostics);
        }
        if (result.Entries.Count > 0)
            // Its own configs boot it as a CD: a live system may not find its root without the
            // kernel argument naming the image (findiso=, iso-scan/filename=, img_loop=).
            result.Diagnostics.Add(new Diagnostic(Severity.Info,
                $"ISO image {Display(host, path)} has no {LoopbackConfig}: its entries are read from its own configs and may need the image named on the command line ({path})", Display(host, path)));
        return result;
    }
}
