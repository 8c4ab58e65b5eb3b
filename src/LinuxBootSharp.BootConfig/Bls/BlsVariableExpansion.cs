using LinuxBootSharp.BootConfig.Grub;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.BootConfig.Bls;

/// <summary>
/// What Fedora's GRUB makes of a BLS entry that uses variables (rhboot/grub2
/// grub-core/commands/blscfg.c create_entry): <c>options</c> goes through expand_val when the
/// menu is built (an options value that expands to nothing falls back to $default_kernelopts),
/// then the entry body <c>linux KERNEL OPTIONS</c> / <c>initrd ...</c> runs as GRUB script, which
/// expands what is left (and <c>linux</c>/<c>initrd</c>, which expand_val never sees) with the
/// script's word rules (grub-core/script/execute.c), and the Linux loader joins the arguments
/// (grub_create_loader_cmdline). The variables come from the installation's grubenv.
/// </summary>
internal static class BlsVariableExpansion
{
    /// <summary>
    /// Sets <paramref name="b"/>'s command line (or its not-bootable reason) and returns the
    /// kernel and initrd paths to resolve; the kernel is null when it cannot be known.
    /// </summary>
    public static (string? Linux, IReadOnlyList<string> Initrds) Apply(IFileTree tree, BlsEntry e, BootEntry b, BlsGrubVariables gv)
    {
        bool needsEnv = BlsGrubVariables.HasVariable(e.JoinedOptions) || BlsGrubVariables.HasVariable(e.Linux) || e.Initrds.Any(BlsGrubVariables.HasVariable);
        // Only escaped "\$": GRUB's script still removes the backslash, and no value is needed.
        if (needsEnv)
            gv.Load();
        var env = needsEnv ? gv.Variables : new Dictionary<string, string>(StringComparer.Ordinal);
        if (env is null)
        {
            // Without grubenv the values are unknowable: GRUB would at best use grub.cfg's fallback
            // kernelopts, which only the GRUB (blscfg) copy of this entry can see.
            var where = gv.File is null ? $"no grubenv found on {tree.Identity.Device}" : gv.Error;
            var uses = new List<string>();
            if (BlsGrubVariables.HasVariable(e.JoinedOptions))
                uses.Add(Uses("options", "use", e.JoinedOptions));
            if (BlsGrubVariables.HasVariable(e.Linux))
                uses.Add(Uses("linux", "uses", e.Linux!));
            if (e.Initrds.Where(BlsGrubVariables.HasVariable).ToList() is { Count: > 0 } vi)
                uses.Add(Uses("initrd", "uses", string.Join(' ', vi)));
            b.NotBootableReason = $"{string.Join("; ", uses)}; {where}";
            return (BlsGrubVariables.HasVariable(e.Linux) ? null : e.Linux, e.Initrds.Where(i => !BlsGrubVariables.HasVariable(i)).ToList());
        }

        string? Get(string name) => env.TryGetValue(name, out var v) ? v : null;
        var file = b.SourceFile;

        // options: expand_val now, then the script's word expansion when the entry runs.
        if (e.JoinedOptions.Contains('$'))
        {
            var raw = e.JoinedOptions;
            foreach (var n in BlsGrubVariables.Names(raw))
            {
                if (raw.Contains("${" + n + "}", StringComparison.Ordinal))
                    b.Diagnostics.Add(new Diagnostic(Severity.Warning,
                        $"options: GRUB's blscfg does not expand ${{{n}}} (only ${n}); it drops the '$' and passes '{{{n}}}' on", file, e.LineOf("options")));
                else if (Get(n) is null)
                    b.Diagnostics.Add(new Diagnostic(Severity.Info,
                        $"options: ${n} is not set in {gv.File}; GRUB expands it to nothing", file, e.LineOf("options")));
            }
            var stage1 = BlsGrubVariables.ExpandVal(raw, Get) ?? BlsGrubVariables.ExpandVal(Get("default_kernelopts"), Get);
            var words = BlsGrubVariables.ScriptWords(stage1 ?? "", env, tree, out var error);
            if (words is null)
            {
                b.NotBootableReason = $"options as GRUB's blscfg expands them ('{stage1}') are not a kernel command line: {error}";
                b.Cmdline = stage1 ?? "";
            }
            else
                b.Cmdline = GrubLoaderCommandLine.Build(words);
        }

        string? linux = e.Linux;
        if (linux is not null && linux.Contains('$'))
        {
            var words = BlsGrubVariables.ScriptWords(linux!, env, tree, out var error);
            linux = words is { Count: > 0 } ? words[0] : null;
            if (linux is null)
                b.NotBootableReason ??= $"linux {e.Linux} expands to {(error is null ? "nothing" : "no path: " + error)} with {gv.File}";
            else if (words!.Count > 1)
                // GRUB's body is "linux KERNEL OPTIONS": further words become leading arguments.
                b.Cmdline = GrubLoaderCommandLine.Build(words, 1) + (b.Cmdline.Length > 0 ? " " + b.Cmdline : "");
        }

        var initrds = new List<string>(e.Initrds.Count);
        foreach (var i in e.Initrds)
        {
            if (!i.Contains('$'))
            {
                initrds.Add(i);
                continue;
            }
            var words = BlsGrubVariables.ScriptWords(i, env, tree, out var error);
            if (words is null)
                b.NotBootableReason ??= $"initrd {i} is not a GRUB word list: {error}";
            else
                initrds.AddRange(words);
        }
        return (linux, initrds);
    }

    private static string Uses(string key, string verb, string text)
    {
        var names = BlsGrubVariables.Names(text).Select(n => "$" + n).ToList();
        if (names.Count == 0)
            names.Add("'$'");
        var list = names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " and " + names[^1];
        return $"{key} {verb} {list}, which {(names.Count == 1 ? "is" : "are")} set in grubenv";
    }
}
