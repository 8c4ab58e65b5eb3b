using System.Text;
using LinuxBootSharp.BootConfig.Bls;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.BootConfig.Grub;

/// <summary>
/// <c>blscfg</c> (Fedora's grub-core/commands/blscfg.c): one menu entry per Boot Loader
/// Specification entry in $blsdir (default /loader/entries, then /boot/loader/entries) on $root,
/// in BLS order. The title has its variables expanded now, the options go through blscfg's
/// expand_val now (<see cref="BlsGrubVariables.ExpandVal"/>, quirks included); the generated body
/// <c>linux KERNEL OPTIONS</c> / <c>initrd ...</c> / <c>devicetree ...</c> is script text, so
/// what is left, and variables in linux and initrd, expand when the entry runs, as in Fedora's GRUB.
/// </summary>
internal sealed class GrubBlscfgCommand(GrubContext ctx) : IGrubCommandFamily
{
    // The files cannot change during one evaluation: each directory is loaded (and reported) once.
    private readonly Dictionary<string, List<BlsEntry>> _loaded = new(StringComparer.Ordinal);
    // A body depends on the entry and on its options as expand_val gave them at that blscfg call.
    private readonly Dictionary<BlsEntry, (string? Options, GrubScript Script)> _bodies = new(ReferenceEqualityComparer.Instance);

    public void Register(GrubCommandTable table) => table.Add("blscfg", CmdBlscfg);

    private int CmdBlscfg(GrubCall c)
    {
        int line = c.Line;
        var root = ctx.Env.Get("root");
        var rootTree = string.IsNullOrEmpty(root) ? null : ctx.Devices.Find(root);
        if (rootTree is null)
        {
            ctx.Diag(Severity.Error, $"blscfg: disk '{root}' not found", line);
            return 1;
        }
        string? dir = ctx.Env.Get("blsdir");
        var candidates = string.IsNullOrEmpty(dir) ? (string[])["/loader/entries", "/boot/loader/entries"] : [dir];
        string? found = candidates.FirstOrDefault(d => ctx.TryStat(rootTree, d) is { Kind: FileKind.Directory });
        if (found is null)
        {
            ctx.Diag(Severity.Warning, $"blscfg: no BLS entry directory ({string.Join(", ", candidates)}) on {ctx.Devices.NameOf(rootTree)}", line);
            return 1;
        }
        var entries = Load(rootTree, found, line);
        foreach (var b in entries)
        {
            if (b.Linux is null)
            {
                ctx.Diag(Severity.Warning, $"blscfg: '{b.Path}' has no linux key; skipped", line);
                continue;
            }
            var display = GrubContext.Display(rootTree, b.Path);
            var script = Body(b, display, line);
            var title = GrubWordExpander.ExpandInText(b.Title ?? b.FileName, ctx.Env);
            if (ctx.Menu.Items.Count >= GrubMenu.MaxItems)
                break;
            ctx.Menu.Items.Add(new GrubMenuItem
            {
                Title = title,
                Id = b.FileName,
                Classes = ["kernel"],
                Arguments = [title],
                Body = script,
                File = display,
                Line = b.LineOf("linux"),
                Unrestricted = true,
                Version = b.Version,
            });
        }
        return 0;
    }

    private List<BlsEntry> Load(IFileTree rootTree, string dir, int line)
    {
        var key = GrubContext.Display(rootTree, dir);
        if (_loaded.TryGetValue(key, out var entries))
            return entries;
        var diags = new List<Diagnostic>();
        try
        {
            entries = BlsEntryLoader.Load(rootTree, dir, diags);
        }
        catch (StorageException e)
        {
            ctx.Diag(Severity.Error, $"blscfg: {e.Message}", line);
            entries = [];
        }
        foreach (var d in diags)
            ctx.Diag(d.Severity, d.Message, d.Line ?? line);
        _loaded[key] = entries;
        return entries;
    }

    /// <summary>
    /// The entry's body as GRUB script text. create_entry runs expand_val over the options now
    /// (with the environment of this blscfg call; nothing left falls back to $default_kernelopts);
    /// what remains expands again when the entry runs. Parsed once per entry and options text.
    /// </summary>
    private GrubScript Body(BlsEntry b, string display, int line)
    {
        var options = BlsGrubVariables.ExpandVal(b.Options.Count > 0 ? b.JoinedOptions : null, ctx.Env.Get)
            ?? BlsGrubVariables.ExpandVal(ctx.Env.Get("default_kernelopts"), ctx.Env.Get);
        if (_bodies.TryGetValue(b, out var cached) && cached.Options == options)
            return cached.Script;
        var body = new StringBuilder();
        body.Append("linux ").Append(BlsPath(b.Linux!));
        if (options is not null)
            body.Append(' ').Append(options);
        body.Append('\n');
        if (b.Initrds.Count > 0)
        {
            body.Append("initrd");
            foreach (var i in b.Initrds)
                body.Append(' ').Append(BlsPath(i));
            body.Append('\n');
        }
        if (b.Devicetree is not null)
            body.Append("devicetree ").Append(BlsPath(b.Devicetree)).Append('\n');
        var parseDiags = new List<Diagnostic>();
        var script = GrubScriptParser.Parse(body.ToString(), display, parseDiags);
        foreach (var d in parseDiags)
            ctx.Diag(d.Severity, d.Message, line);
        _bodies[b] = (options, script);
        return script;
    }

    /// <summary>BLS paths are relative to the root of the partition the entries are on.</summary>
    private static string BlsPath(string p)
    {
        var t = p.Trim();
        return t.StartsWith('/') || t.StartsWith('(') || t.StartsWith('$') ? t : "/" + t;
    }
}
