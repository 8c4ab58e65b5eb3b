using System.Globalization;
using System.Text;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.BootConfig.Grub;

/// <summary>
/// GRUB Legacy (0.97) <c>menu.lst</c>/<c>grub.conf</c>, read only when a file system has no GRUB 2
/// config (GRUB Legacy manual, "Configuration" and "Command-line and menu entry commands"): one
/// command per line, the command name separated from its arguments by blanks or '='; global
/// <c>default</c>/<c>timeout</c>/<c>fallback</c>; <c>title</c> starts an entry whose <c>root</c>,
/// <c>kernel</c>, <c>initrd</c>, <c>chainloader</c>, <c>module</c> follow. Legacy counts partitions
/// from 0: <c>(hd0,0)</c> is GRUB 2's <c>(hd0,1)</c>. BIOS disk numbers mean nothing under LinuxBoot,
/// so a <c>root</c> that names no scanned disk falls back to the config's own file system (where
/// stage2 and the config were read from), with a diagnostic.
/// </summary>
public static class GrubLegacyConfig
{
    public static IReadOnlyList<string> ConfigPaths { get; } =
        ["/boot/grub/menu.lst", "/boot/grub/grub.conf", "/grub/menu.lst", "/grub/grub.conf"];

    /// <summary>The legacy config on <paramref name="tree"/>, or null; read errors go to <paramref name="diagnostics"/>.</summary>
    public static string? FindConfig(IFileTree tree, List<Diagnostic>? diagnostics = null)
    {
        foreach (var p in ConfigPaths)
        {
            var st = GrubFiles.TryStat(tree, p, out var error);
            if (error is not null)
                diagnostics?.Add(new Diagnostic(Severity.Warning, error, $"{tree.Identity.Device}:{p}"));
            if (st is { Kind: FileKind.File })
                return p;
        }
        return null;
    }

    public static ConfigParseResult Parse(IFileTree tree, IReadOnlyList<IFileTree> volumes, string path, string? text = null)
    {
        var result = new ConfigParseResult();
        var file = $"{tree.Identity.Device}:{path}";
        result.ConfigFiles.Add(file);
        if (text is null)
        {
            var st = GrubFiles.TryStat(tree, path, out _);
            if (st is { Size: > GrubFiles.MaxFileBytes })
            {
                result.Diagnostics.Add(new Diagnostic(Severity.Error, $"{path} is {st.Value.Size} bytes, more than the limit of {GrubFiles.MaxFileBytes}", file));
                return result;
            }
            var bytes = GrubFiles.TryReadAll(tree, path, out var problem);
            if (bytes is null)
            {
                result.Diagnostics.Add(new Diagnostic(Severity.Error, $"cannot read {path}: {problem}", file));
                return result;
            }
            text = Encoding.UTF8.GetString(bytes);
        }
        var devices = new GrubDevices(volumes.Contains(tree) ? volumes : [tree, .. volumes]);
        string? defaultSpec = null, fallbackSpec = null;
        bool hiddenMenu = false;
        IFileTree root = tree;
        BootEntry? entry = null;
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            int lineNo = i + 1;
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#')
                continue;
            int sep = line.IndexOfAny([' ', '\t', '=']);
            var cmd = sep < 0 ? line : line[..sep];
            var rest = sep < 0 ? "" : line[(sep + 1)..].TrimStart(' ', '\t', '=').Trim();
            void Diag(Severity s, string m) => (entry?.Diagnostics ?? result.Diagnostics).Add(new Diagnostic(s, m, file, lineNo));
            switch (cmd)
            {
                case "default":
                    defaultSpec = rest;
                    break;
                case "fallback":
                    fallbackSpec = rest;
                    break;
                case "hiddenmenu":
                    // stage2/stage2.c run_menu with show_menu = 0: no menu, "Press `ESC' to enter
                    // the menu... N" counts down (Red Hat's 0.97: "Booting ... in N seconds").
                    hiddenMenu = true;
                    break;
                case "timeout":
                    if (int.TryParse(rest, NumberStyles.Integer, CultureInfo.InvariantCulture, out var t))
                        result.Timeout = t < 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(t);
                    else
                        Diag(Severity.Warning, $"timeout: '{rest}' is not a number");
                    break;
                case "title":
                    if (result.Entries.Count >= GrubMenu.MaxItems)
                    {
                        Diag(Severity.Error, $"more than {GrubMenu.MaxItems} entries; the rest are ignored");
                        i = lines.Length;
                        break;
                    }
                    Finish(entry);
                    entry = new BootEntry { Title = rest, Source = "grub", SourceFile = file, SourceLine = lineNo };
                    entry.Properties["grub.legacy"] = "true";
                    root = tree;
                    result.Entries.Add(entry);
                    break;
                case "root" or "rootnoverify":
                    {
                        var dev = ToGrub2Device(rest.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "");
                        var found = dev is null ? null : devices.Find(dev);
                        if (found is null)
                        {
                            Diag(Severity.Info, $"{cmd}: '{rest}' names no scanned disk; using the config's own file system");
                            root = tree;
                        }
                        else
                        {
                            root = found;
                        }
                        break;
                    }
                case "kernel" or "initrd" or "module" or "modulenounzip" or "chainloader":
                    {
                        if (entry is null)
                        {
                            Diag(Severity.Info, $"{cmd} outside an entry: ignored");
                            break;
                        }
                        var args = rest.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).ToList();
                        while (args.Count > 0 && args[0].StartsWith("--", StringComparison.Ordinal))
                            args.RemoveAt(0);
                        if (args.Count == 0)
                        {
                            Diag(Severity.Error, $"{cmd}: filename expected");
                            break;
                        }
                        if (cmd == "chainloader")
                        {
                            entry.NotBootableReason = "chainloader: starts a boot sector or EFI program, which kexec cannot run";
                            entry.Kernel = null;
                            break;
                        }
                        var f = Resolve(devices, root, args[0], out var problem);
                        if (f is null)
                        {
                            Diag(Severity.Error, $"{cmd}: {problem}");
                            break;
                        }
                        if (GrubFiles.TryStat(f.Tree, f.Path, out var readError) is not { Kind: FileKind.File })
                            Diag(Severity.Warning, readError ?? $"{cmd}: file '{f.Path}' not found on {GrubDevices.NameOf(f.Tree.Identity)}");
                        if (cmd == "kernel")
                        {
                            entry.Kernel = f;
                            entry.Cmdline = string.Join(' ', args.Skip(1));
                            entry.CmdlinePrefix = GrubEntryConversion.BootImagePrefix(args[0]);
                        }
                        else if (cmd == "initrd")
                        {
                            entry.Initrds.Clear();
                            entry.Initrds.Add(f);
                        }
                        else
                        {
                            // A module after kernel makes it a Multiboot kernel (Xen).
                            int n = entry.Properties.Keys.Count(k => k.StartsWith("grub.module", StringComparison.Ordinal)) + 1;
                            entry.Properties[$"grub.module{n}"] = $"{f.Display} {string.Join(' ', args.Skip(1))}".TrimEnd();
                            entry.NotBootableReason = "multiboot: a Multiboot kernel (e.g. Xen) with modules; kexec_file_load loads only Linux kernels";
                        }
                        break;
                    }
                default:
                    // hiddenmenu, splashimage, color, password, serial, terminal, savedefault, makeactive, map, ...: no effect on what is booted.
                    break;
            }
        }
        Finish(entry);
        MarkDefault(result.Entries, defaultSpec, tree, path, result);
        MarkFallbacks(result.Entries, fallbackSpec);
        // A hidden menu with no timeout would never boot; GRUB 2 shows the menu then (menu.c), and so do we.
        if (hiddenMenu && result.Timeout is { } to && to != Timeout.InfiniteTimeSpan)
            result.TimeoutStyle = MenuTimeoutStyle.Countdown;
        return result;
    }

    /// <summary>
    /// GRUB 0.97 stage2/builtins.c fallback_func: up to MAX_FALLBACK_ENTRIES (8) entry numbers,
    /// tried in order when the default fails; the list ends at the first word that is not a
    /// number. Out-of-range numbers are skipped by the boot loop (stage2.c).
    /// </summary>
    private static void MarkFallbacks(List<BootEntry> entries, string? spec)
    {
        if (spec is null)
            return;
        const int MaxFallbackEntries = 8;
        int rank = 0;
        foreach (var word in spec.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Take(MaxFallbackEntries))
        {
            if (!int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                break;
            if (n < entries.Count && entries[n].FallbackRank is null)
            {
                entries[n].IsFallback = true;
                entries[n].FallbackRank = rank;
            }
            rank++;
        }
    }

    private static void Finish(BootEntry? e)
    {
        if (e is not null && e.Kernel is null && e.NotBootableReason is null && !e.Diagnostics.Any(d => d.Severity == Severity.Error))
            e.NotBootableReason = "the entry loads no kernel (no kernel command)";
    }

    /// <summary>"default saved" reads savedefault's number from the "default" file next to the config.</summary>
    private static void MarkDefault(List<BootEntry> entries, string? spec, IFileTree tree, string path, ConfigParseResult result)
    {
        if (entries.Count == 0)
            return;
        int index = 0;
        if (spec == "saved")
        {
            var saved = GrubFiles.TryReadAll(tree, FileTree.Combine(FileTree.GetDirectory(path), "default"), out _);
            spec = saved is null ? "0" : new string(Encoding.ASCII.GetString(saved).TakeWhile(char.IsAsciiDigit).ToArray());
        }
        if (!string.IsNullOrEmpty(spec) && int.TryParse(spec, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            index = n < entries.Count ? n : 0;
        else if (!string.IsNullOrEmpty(spec))
            result.Diagnostics.Add(new Diagnostic(Severity.Warning, $"default: '{spec}' is not an entry number; the first entry is the default", $"{tree.Identity.Device}:{path}"));
        entries[index].IsDefault = true;
    }

    /// <summary>"(hd0,0)" → "hd0,1"; "(hd0)" → "hd0"; null when it is not a disk name.</summary>
    public static string? ToGrub2Device(string legacy)
    {
        var d = legacy.Trim();
        if (d.StartsWith('(') && d.EndsWith(')'))
            d = d[1..^1];
        var parts = d.Split(',');
        if (!parts[0].StartsWith("hd", StringComparison.Ordinal))
            return null;
        if (parts.Length == 1)
            return parts[0];
        return int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? $"{parts[0]},{p + 1}" : null;
    }

    private static FileRef? Resolve(GrubDevices devices, IFileTree root, string name, out string? problem)
    {
        problem = null;
        if (name.StartsWith('('))
        {
            int close = name.IndexOf(')');
            if (close < 0)
            {
                problem = $"invalid file name '{name}'";
                return null;
            }
            var dev = ToGrub2Device(name[..(close + 1)]);
            var tree = dev is null ? null : devices.Find(dev);
            if (tree is null)
            {
                problem = $"disk '{name[..(close + 1)]}' not found";
                return null;
            }
            root = tree;
            name = name[(close + 1)..];
        }
        if (!name.StartsWith('/'))
        {
            // "+1" block lists and relative names cannot be files we load.
            problem = $"'{name}' is not an absolute file name";
            return null;
        }
        return new FileRef(root, FileTree.Normalize(name));
    }
}
