using System.Globalization;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.BootConfig.Syslinux;

/// <summary>
/// syslinux, extlinux, isolinux and pxelinux-style configurations (syslinux.cfg(5), the syslinux
/// wiki "Config" page): finds the config the way the loaders search for it, reads it with
/// <see cref="SyslinuxConfigReader"/>, and turns each label into a <see cref="BootEntry"/>.
/// </summary>
public sealed class SyslinuxParser : IBootConfigParser
{
    /// <summary>
    /// Where the loaders look ("Config" wiki page, "Configuration file" search order), isolinux
    /// first since install media carry several; the first file found is the config.
    /// </summary>
    public static readonly IReadOnlyList<string> ConfigLocations =
    [
        "/boot/isolinux/isolinux.cfg",
        "/isolinux/isolinux.cfg",
        "/isolinux.cfg",
        "/boot/extlinux/extlinux.conf",
        "/boot/syslinux/extlinux.conf",
        "/extlinux/extlinux.conf",
        "/syslinux/extlinux.conf",
        "/extlinux.conf",
        "/boot/syslinux/syslinux.cfg",
        "/syslinux/syslinux.cfg",
        "/syslinux.cfg",
        "/EFI/BOOT/syslinux.cfg",
        "/EFI/syslinux/syslinux.cfg",
        "/boot/isolinux/syslinux.cfg",
        "/isolinux/syslinux.cfg",
        "/pxelinux.cfg/default",
    ];

    /// <summary>CONFIG labels lead to other configs; this bounds the chain.</summary>
    public const int MaxConfigDepth = 8;

    public string Name => "syslinux";

    public ConfigParseResult Parse(IFileTree tree, IReadOnlyList<IFileTree> volumes)
    {
        var result = new ConfigParseResult();
        string? main = null;
        foreach (var loc in ConfigLocations)
        {
            try
            {
                if (tree.FileExists(loc))
                {
                    main = loc;
                    break;
                }
            }
            catch (StorageException e)
            {
                result.Diagnostics.Add(new Diagnostic(Severity.Warning, $"cannot look at {loc}: {e.Message}", $"{tree.Identity.Device}:{loc}"));
            }
        }
        if (main is null)
            return result;
        return Parse(tree, main, result);
    }

    /// <summary>Parses a given main config with the working directory <see cref="WorkingDirectory"/> gives.</summary>
    public ConfigParseResult Parse(IFileTree tree, string mainConfig, ConfigParseResult? into = null)
    {
        var result = into ?? new ConfigParseResult();
        var budget = new SyslinuxBudget();
        var cwd = WorkingDirectory(mainConfig);
        var config = SyslinuxConfigReader.Read(tree, FileTree.Normalize(mainConfig), cwd, [], budget, result.Diagnostics);
        var chain = new HashSet<string>(StringComparer.Ordinal) { FileTree.Normalize(mainConfig) };

        var builder = new SyslinuxEntryBuilder(tree);
        var entries = new List<(BootEntry Entry, SyslinuxLabel Label)>();
        AddLabels(tree, config, builder, entries, chain, budget, result.Diagnostics, 0);

        bool hasUi = HasUi(config);
        foreach (var (e, l) in entries)
        {
            // A hidden label is reachable only by typing its name at the prompt; with a menu
            // it is not listed. Without a menu MENU HIDE means nothing.
            if (l.MenuHide && hasUi)
            {
                result.Diagnostics.Add(new Diagnostic(Severity.Info, $"label '{l.Name}' is MENU HIDE: not listed", l.File, l.Line));
                continue;
            }
            result.Entries.Add(e);
        }
        if (ImplicitDefault(tree, config, hasUi, builder, result) is BootEntry implicitEntry)
            result.Entries.Insert(0, implicitEntry);

        MarkDefault(config, result, entries);
        result.Timeout = Timeout(config, hasUi);
        result.ConfigFiles.AddRange(budget.ConfigFiles);
        return result;
    }

    /// <summary>
    /// The working directory the loader starts with, against which every relative INCLUDE, CONFIG,
    /// KERNEL and INITRD name resolves. PXELINUX: the TFTP prefix, the directory of pxelinux.0
    /// (core/fs/pxe/pxe.c get_prefix(): the boot file name up to its last '/'), which is the
    /// parent of the pxelinux.cfg/ folder the config comes from (pxe_open_config() opens
    /// "pxelinux.cfg/&lt;name&gt;" relative to it). SYSLINUX, EXTLINUX and ISOLINUX: the directory
    /// the config was found in (core/fs/lib/searchconfig.c search_dirs() chdir()s there; it is
    /// the directory of isolinux.bin or ldlinux.sys when the config sits beside them).
    /// </summary>
    public static string WorkingDirectory(string mainConfig)
    {
        var dir = FileTree.GetDirectory(FileTree.Normalize(mainConfig));
        return Path.GetFileName(dir).Equals("pxelinux.cfg", StringComparison.OrdinalIgnoreCase) ? FileTree.GetDirectory(dir) : dir;
    }

    private static void AddLabels(IFileTree tree, SyslinuxConfig config, SyslinuxEntryBuilder builder,
        List<(BootEntry, SyslinuxLabel)> entries, HashSet<string> chain, SyslinuxBudget budget, List<Diagnostic> diagnostics, int depth)
    {
        // First this config's own labels; CONFIG labels stay as placeholders (null entry) so the
        // entries they lead to can be compared against everything this config offers.
        var own = new List<(BootEntry? Entry, SyslinuxLabel Label)>();
        foreach (var l in config.Labels)
        {
            if (l.Action != SyslinuxLabelAction.Run || l.Name.Length == 0)
                continue; // MENU EXIT / GOTO / QUIT / DISABLE / SEPARATOR: menu navigation, not boot entries
            own.Add((l.Type == SyslinuxKernelType.Config ? null : builder.Build(l, config), l));
        }
        var seen = entries.Select(e => e.Item1).Concat(own.Where(o => o.Entry is not null).Select(o => o.Entry!)).ToList();
        foreach (var (e, l) in own)
        {
            if (e is not null)
            {
                entries.Add((e, l));
                continue;
            }
            foreach (var n in FollowConfig(tree, l, builder, chain, budget, diagnostics, depth))
            {
                if (seen.Any(x => SameBoot(x, n.Item1)))
                    continue;
                seen.Add(n.Item1);
                entries.Add(n);
            }
        }
    }

    /// <summary>
    /// CONFIG file [dir]: choosing the label restarts the loader with another config file; the
    /// working directory changes only when a directory is given (after the file or in the label's
    /// APPEND): execute.c IMAGE_TYPE_CONFIG "If we got anything on the command line, do a chdir",
    /// doc/syslinux.txt "the working directory is changed (if specified via an APPEND)".
    /// Its labels are offered as a submenu named by the label; labels identical to ones already
    /// listed (a help screen that re-includes the main menu) are left out by the caller; a config
    /// already on the chain is not entered again.
    /// </summary>
    private static List<(BootEntry, SyslinuxLabel)> FollowConfig(IFileTree tree, SyslinuxLabel l, SyslinuxEntryBuilder builder,
        HashSet<string> chain, SyslinuxBudget budget, List<Diagnostic> diagnostics, int depth)
    {
        var nested = new List<(BootEntry, SyslinuxLabel)>();
        // "CONFIG file dir" or "CONFIG file" + "APPEND dir": the words after the file name are
        // the new working directory (the core runs the label's whole command line).
        var (file, words) = SyslinuxConfigReader.SplitWord(l.Kernel, lower: false);
        var path = FileTree.Combine(l.WorkingDirectory, file);
        var dirArg = (words.Trim().Length > 0 ? words : l.Append ?? "").Trim();
        var cwd = dirArg.Length > 0 && dirArg != "-" ? FileTree.Combine(l.WorkingDirectory, SyslinuxConfigReader.SplitWord(dirArg, lower: false).Keyword) : l.WorkingDirectory;
        if (depth >= MaxConfigDepth || !chain.Add(path))
        {
            diagnostics.Add(new Diagnostic(Severity.Info, $"CONFIG {path}: already read or too deep, not followed", l.File, l.Line));
            return nested;
        }
        var frame = new SyslinuxMenuFrame { Tag = l.DisplayName, Fixed = true };
        // The new config usually re-includes files already read: report each problem once.
        var local = new List<Diagnostic>();
        var sub = SyslinuxConfigReader.Read(tree, path, cwd, [.. l.Submenu, frame], budget, local);
        AddLabels(tree, sub, builder, nested, chain, budget, local, depth + 1);
        foreach (var d in local)
            if (!diagnostics.Contains(d))
                diagnostics.Add(d);
        chain.Remove(path);
        return nested;
    }

    private static bool SameBoot(BootEntry a, BootEntry b) =>
        a.Title == b.Title && a.Cmdline == b.Cmdline && a.Kernel?.Path == b.Kernel?.Path && a.NotBootableReason == b.NotBootableReason
        && a.Initrds.Select(i => i.Path).SequenceEqual(b.Initrds.Select(i => i.Path));

    /// <summary>
    /// A menu module is running when UI names one, or (the pre-4.0 way) DEFAULT names a .c32
    /// module that is not a label.
    /// </summary>
    private static bool HasUi(SyslinuxConfig c) =>
        c.Ui is { Length: > 0 }
        || (c.Default is string d && FindLabel(c.Labels, d) is null
            && SyslinuxKernelTypes.FromFileName(SyslinuxConfigReader.SplitWord(d, lower: false).Keyword) == SyslinuxKernelType.Com32);

    /// <summary>
    /// The label DEFAULT names: menu.c32 compares the whole DEFAULT text with label names, the
    /// core's find_label only the first word; try both.
    /// </summary>
    internal static SyslinuxLabel? FindLabel(IEnumerable<SyslinuxLabel> labels, string text)
    {
        var all = labels.Where(l => l.Action == SyslinuxLabelAction.Run).ToList();
        return all.FirstOrDefault(l => l.Name == text.Trim())
            ?? all.FirstOrDefault(l => l.Name == SyslinuxConfigReader.SplitWord(text, lower: false).Keyword);
    }

    /// <summary>
    /// DEFAULT naming no label, without a menu and with IMPLICIT allowed, is a kernel command line
    /// ("DEFAULT vmlinuz root=/dev/sda1"): offered as an entry when that kernel file exists.
    /// </summary>
    private static BootEntry? ImplicitDefault(IFileTree tree, SyslinuxConfig c, bool hasUi, SyslinuxEntryBuilder builder, ConfigParseResult result)
    {
        if (hasUi || !c.AllowImplicit || c.Default is not { Length: > 0 } d || FindLabel(c.Labels, d) is not null)
            return null;
        var (kernel, args) = SyslinuxConfigReader.SplitWord(d, lower: false);
        var cwd = c.WorkingDirectory;
        var label = new SyslinuxLabel
        {
            Name = kernel,
            Kernel = kernel,
            Append = args.Length > 0 ? args : null,
            Submenu = [],
            WorkingDirectory = cwd,
            SearchPath = [],
            File = c.DefaultFile ?? "",
            Line = c.DefaultLine,
        };
        if (label.Type != SyslinuxKernelType.Linux || !Exists(tree, FileTree.Combine(cwd, kernel), c, result))
        {
            result.Diagnostics.Add(new Diagnostic(Severity.Info, $"DEFAULT '{d}' names no label", c.DefaultFile, c.DefaultLine));
            return null;
        }
        var e = builder.Build(label, c);
        e.Properties["implicit"] = "DEFAULT command line";
        return e;
    }

    /// <summary>
    /// Which entry boots by itself: ONTIMEOUT's label (what runs when the timeout expires), else
    /// DEFAULT's label (readconfig.c: the global default overrides MENU DEFAULT), else the
    /// top menu's MENU DEFAULT, else the first bootable entry (the menu starts on entry 0).
    /// </summary>
    private static void MarkDefault(SyslinuxConfig c, ConfigParseResult result, List<(BootEntry Entry, SyslinuxLabel Label)> all)
    {
        if (result.Entries.Count == 0)
            return;
        if (result.Entries[0].Properties.ContainsKey("implicit"))
        {
            result.Entries[0].IsDefault = true;
            return;
        }
        BootEntry? Listed(SyslinuxLabel? l) =>
            l is null ? null : all.Where(x => ReferenceEquals(x.Label, l)).Select(x => x.Entry).FirstOrDefault(e => result.Entries.Contains(e));

        var visible = all.Where(x => result.Entries.Contains(x.Entry)).Select(x => x.Label).ToList();
        BootEntry? pick = null;
        if (c.OnTimeout is { Length: > 0 } ot)
        {
            if (Listed(FindLabel(c.Labels, ot)) is BootEntry o)
            {
                pick = o;
                pick.Properties["ontimeout"] = ot;
            }
            else if (SameCommand(all.Where(x => result.Entries.Contains(x.Entry)), ot) is BootEntry same)
            {
                // menu.c32 unlabel(): an ONTIMEOUT that is no label runs as a typed command line;
                // when a listed label records that very command (Debian's spk.cfg), that label boots.
                pick = same;
                pick.Properties["ontimeout"] = ot;
            }
            else
            {
                result.Diagnostics.Add(new Diagnostic(Severity.Info, $"ONTIMEOUT '{ot}' names no listed label; the default boots instead"));
            }
        }
        pick ??= c.Default is { Length: > 0 } d ? Listed(FindLabel(c.Labels, d)) : null;
        // MENU DEFAULT in a submenu only picks where that submenu opens; the menu starts in the top menu.
        pick ??= Listed(visible.FirstOrDefault(l => l.MenuDefault && l.Submenu.Count == 0));
        pick ??= result.Entries.FirstOrDefault(e => e.IsBootable) ?? result.Entries[0];
        pick.IsDefault = true;
    }

    /// <summary>The listed Linux entry whose recorded command line (record(): kernel, APPEND,
    /// " initrd=") is <paramref name="command"/>, compared argument by argument.</summary>
    private static BootEntry? SameCommand(IEnumerable<(BootEntry Entry, SyslinuxLabel Label)> listed, string command)
    {
        var want = SyslinuxCommandLine.Split(command);
        foreach (var (e, l) in listed)
        {
            if (l.Type != SyslinuxKernelType.Linux || !e.IsBootable)
                continue;
            var append = l.Append ?? l.GlobalAppend ?? "";
            if (append == "-")
                append = "";
            var line = l.Kernel + " " + append + (l.Initrd is null ? "" : " initrd=" + l.Initrd);
            if (SyslinuxCommandLine.Split(line).SequenceEqual(want))
                return e;
        }
        return null;
    }

    /// <summary>
    /// TIMEOUT/TOTALTIMEOUT are in tenths of a second; 0 disables the timeout (wait forever).
    /// Without a menu module and with PROMPT 0 (the default) syslinux shows no prompt at all and
    /// boots the default at once. TOTALTIMEOUT caps the wait even when a key was pressed.
    /// </summary>
    private static TimeSpan? Timeout(SyslinuxConfig c, bool hasUi)
    {
        if (c.TimeoutTenths is null && c.TotalTimeoutTenths is null && c.Prompt is null && !hasUi)
            return null;
        TimeSpan t;
        if (!hasUi && (c.Prompt ?? 0) == 0)
            t = TimeSpan.Zero;
        else if (c.TimeoutTenths is long n && n > 0)
            t = Tenths(n);
        else
            t = System.Threading.Timeout.InfiniteTimeSpan;
        if (c.TotalTimeoutTenths is long total && total > 0 && (t == System.Threading.Timeout.InfiniteTimeSpan || Tenths(total) < t))
            t = Tenths(total);
        return t;
    }

    /// <summary>
    /// Whether the DEFAULT command line's kernel exists. A read error counts as absent (syslinux's
    /// open fails either way) but is reported, so a corrupt file system does not pass for a
    /// missing file.
    /// </summary>
    private static bool Exists(IFileTree tree, string path, SyslinuxConfig c, ConfigParseResult result)
    {
        try
        {
            return tree.FileExists(path);
        }
        catch (StorageException e)
        {
            result.Diagnostics.Add(new Diagnostic(Severity.Warning,
                $"cannot read '{path}' on {tree.Identity.Device} ({tree.Identity.Type}): {e.Message}; treated as missing", c.DefaultFile, c.DefaultLine));
            return false;
        }
    }

    // Bounded at a day: syslinux's own counter is 32 bits of timer ticks.
    private static TimeSpan Tenths(long n) => TimeSpan.FromMilliseconds(Math.Min(n, 864_000L) * 100);

    internal static string Invariant(long v) => v.ToString(CultureInfo.InvariantCulture);
}
