using System.Text;
using LinuxBootSharp.BootConfig.Bls;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.BootConfig.Grub;

public sealed partial class GrubInterpreter
{
    /// <summary>
    /// source/configfile (grub-core/commands/configfile.c): <c>source</c> runs the file in the
    /// current context and menu; <c>configfile</c> (and <c>normal FILE</c>) opens a new context
    /// with only exported variables and a new menu, which GRUB shows at once: when it has entries
    /// it becomes the menu we list.
    /// </summary>
    private int CmdSource(List<string> args, int line, bool newContext)
    {
        string what = newContext ? "configfile" : "source";
        if (args.Count != 1)
        {
            Diag(Severity.Error, $"{what}: one argument expected", line);
            return 1;
        }
        if (_sourceDepth >= _limits.MaxSourceDepth)
        {
            Diag(Severity.Error, $"{what}: '{args[0]}' nested deeper than {_limits.MaxSourceDepth} files (recursive source?)", line);
            return 1;
        }
        var path = Resolve(args[0]);
        if (!path.IsResolved)
        {
            Diag(Severity.Error, $"{what}: {path.Problem}", line);
            return 1;
        }
        _sourceDepth++;
        try
        {
            if (!newContext)
                return RunFile(path, what);
            if (_entry is not null)
            {
                // Inside an entry GRUB would show another menu; listing it would be a second menu.
                Diag(Severity.Info, $"configfile inside a menu entry: '{args[0]}' is not listed", line);
                return 0;
            }
            var saveEnv = _env;
            var saveMenu = _menu;
            _env = _env.NewContext();
            _menu = new GrubMenu();
            try
            {
                int r = RunFile(path, what);
                if (_menu.Items.Count > 0)
                    _presented = (_menu, _env);
                return r;
            }
            finally
            {
                _env = saveEnv;
                _menu = saveMenu;
            }
        }
        finally
        {
            _sourceDepth--;
        }
    }

    private static readonly GrubOptions.Spec[] EnvOptions =
    [
        new("file", 'f', GrubOptions.ValueKind.Required),
        new("skip-sig", 's', GrubOptions.ValueKind.None),
    ];

    /// <summary>The block that load_env/save_env use: "-f FILE" or $prefix/grubenv (loadenv.c).</summary>
    private (GrubEnvBlock? Block, string? Key, string? Problem) OpenEnvBlock(GrubOptions o)
    {
        string name;
        if (o.Value("file") is string f)
        {
            name = f;
        }
        else
        {
            var prefix = _env.Get("prefix");
            if (string.IsNullOrEmpty(prefix))
                return (null, null, "variable 'prefix' isn't set");
            name = prefix + "/grubenv";
        }
        var p = Resolve(name);
        if (!p.IsResolved || p.Tree is null)
            return (null, null, p.Problem);
        if (p.Path.Length == 0)
            return (null, null, $"'{name}' is a device, not a file");
        var key = Display(p.Tree, p.Path);
        if (_entryEnvBlocks is not null && _entryEnvBlocks.TryGetValue(key, out var eb))
            return (eb, key, null);
        if (_envBlocks.TryGetValue(key, out var b))
            return (b, key, null);
        var st = GrubFiles.TryStat(p.Tree, p.Path);
        if (st is not { Kind: FileKind.File })
            return (null, key, $"file '{p.Path}' not found");
        var bytes = GrubFiles.TryReadAll(p.Tree, p.Path, out var problem);
        if (bytes is null)
            return (null, key, problem);
        var block = GrubEnvBlock.Open(bytes);
        if (block is null)
            return (null, key, $"'{p.Path}': invalid environment block");
        _envBlocks[key] = block;
        return (block, key, null);
    }

    private int CmdLoadEnv(List<string> args, int line)
    {
        var o = GrubOptions.Parse(args, EnvOptions);
        var (block, _, problem) = OpenEnvBlock(o);
        if (block is null)
        {
            Diag(Severity.Info, $"load_env: {problem}", line);
            return 1;
        }
        var whitelist = o.Positional.Count > 0 ? new HashSet<string>(o.Positional, StringComparer.Ordinal) : null;
        foreach (var (name, value) in block.Variables())
            if (whitelist is null || whitelist.Contains(name))
                SetVariable(name, value, line);
        return 0;
    }

    /// <summary>
    /// save_env: applies every variable to a copy and keeps it only when all fit, as loadenv.c
    /// writes nothing after an error; unset variables are deleted. Only memory is changed; an
    /// entry body's changes are dropped with the entry.
    /// </summary>
    private int CmdSaveEnv(List<string> args, int line)
    {
        var o = GrubOptions.Parse(args, EnvOptions);
        if (o.Positional.Count == 0)
        {
            Diag(Severity.Error, "save_env: no variable is specified", line);
            return 1;
        }
        var (block, key, problem) = OpenEnvBlock(o);
        if (block is null || key is null)
        {
            Diag(Severity.Info, $"save_env: {problem}", line);
            return 1;
        }
        var copy = GrubEnvBlock.Open(block.ToArray())!;
        foreach (var name in o.Positional)
        {
            var value = _env.Get(name);
            if (value is null)
            {
                copy.Delete(name);
            }
            else if (!copy.Set(name, value))
            {
                Diag(Severity.Warning, $"save_env: environment block too small for '{name}' (nothing saved)", line);
                return 1;
            }
        }
        if (_entryEnvBlocks is not null)
        {
            _entryEnvBlocks[key] = copy;
        }
        else
        {
            _envBlocks[key] = copy;
            _changedEnvBlocks.Add(key);
        }
        return 0;
    }

    private static readonly GrubOptions.Spec[] SearchOptions =
    [
        new("file", 'f', GrubOptions.ValueKind.None),
        new("label", 'l', GrubOptions.ValueKind.None),
        new("fs-uuid", 'u', GrubOptions.ValueKind.None),
        new("set", 's', GrubOptions.ValueKind.Optional),
        new("no-floppy", 'n', GrubOptions.ValueKind.None),
        new("efidisk-only", '\0', GrubOptions.ValueKind.None),
        new("hint", 'h', GrubOptions.ValueKind.Required),
        new("hint-*", '\0', GrubOptions.ValueKind.Required),
    ];

    /// <summary>search (grub-core/commands/search_wrap.c): the type option is required; without
    /// --set the result is only printed; a failed search leaves the variable unchanged.</summary>
    private int CmdSearch(List<string> args, int line)
    {
        var o = GrubOptions.Parse(args, SearchOptions);
        if (o.Error is not null)
        {
            Diag(Severity.Error, $"search: {o.Error}", line);
            return 1;
        }
        if (o.Positional.Count == 0)
        {
            Diag(Severity.Error, "search: no argument specified", line);
            return 1;
        }
        GrubDevices.SearchKind kind;
        if (o.Has("label"))
            kind = GrubDevices.SearchKind.Label;
        else if (o.Has("fs-uuid"))
            kind = GrubDevices.SearchKind.FsUuid;
        else if (o.Has("file"))
            kind = GrubDevices.SearchKind.File;
        else
        {
            Diag(Severity.Error, "search: unspecified search type", line);
            return 1;
        }
        string? variable = o.Has("set") ? o.Value("set") ?? "root" : null;
        return DoSearch(kind, o.Positional[0], variable, line);
    }

    /// <summary>search.fs_uuid / search.fs_label / search.file KEY [VARIABLE] (search.c).</summary>
    private int SearchSimple(GrubDevices.SearchKind kind, List<string> args, int line)
    {
        if (args.Count == 0)
        {
            Diag(Severity.Error, "search: one argument expected", line);
            return 1;
        }
        return DoSearch(kind, args[0], args.Count > 1 ? args[1] : null, line);
    }

    private int DoSearch(GrubDevices.SearchKind kind, string key, string? variable, int line)
    {
        var hit = _devices.Search(kind, key);
        if (hit is null)
        {
            string what = kind switch
            {
                GrubDevices.SearchKind.FsUuid => "no such device with UUID",
                GrubDevices.SearchKind.Label => "no such device with label",
                _ => "no device has the file",
            };
            Diag(Severity.Info, $"search: {what} '{key}'", line);
            return 1;
        }
        if (variable is not null)
            SetVariable(variable, _devices.NameOf(hit), line);
        return 0;
    }

    private static readonly GrubOptions.Spec[] ProbeOptions =
    [
        new("set", 's', GrubOptions.ValueKind.Required),
        new("driver", 'd', GrubOptions.ValueKind.None),
        new("partmap", 'p', GrubOptions.ValueKind.None),
        new("fs", 'f', GrubOptions.ValueKind.None),
        new("fs-uuid", 'u', GrubOptions.ValueKind.None),
        new("label", 'l', GrubOptions.ValueKind.None),
        new("part-uuid", '\0', GrubOptions.ValueKind.None),
        new("part-label", '\0', GrubOptions.ValueKind.None),
    ];

    /// <summary>probe (grub-core/commands/probe.c) for the identity fields we know.</summary>
    private int CmdProbe(List<string> args, int line)
    {
        var o = GrubOptions.Parse(args, ProbeOptions);
        if (o.Positional.Count != 1)
        {
            Diag(Severity.Error, "probe: one device expected", line);
            return 1;
        }
        var tree = _devices.Find(o.Positional[0]);
        if (tree is null)
        {
            Diag(Severity.Info, $"probe: disk '{o.Positional[0]}' not found", line);
            return 1;
        }
        var id = tree.Identity;
        string? value = o.Has("fs-uuid") ? id.Uuid
            : o.Has("label") ? id.Label
            : o.Has("fs") ? (id.Type is "ext2" or "ext3" or "ext4" ? "ext2" : id.Type is "vfat" ? "fat" : id.Type)
            : o.Has("part-uuid") ? id.PartitionUuid
            : o.Has("part-label") ? id.PartitionLabel
            : o.Has("partmap") ? id.PartitionScheme
            : null;
        if (value is null)
            return 1;
        if (o.Value("set") is string v)
            SetVariable(v, value, line);
        return 0;
    }

    private readonly Dictionary<string, (IFileTree? Tree, string? Problem)> _loopbackCache = new(StringComparer.Ordinal);

    /// <summary>loopback [-d] NAME FILE (grub-core/disk/loopback.c): FILE becomes device NAME.</summary>
    private int CmdLoopback(List<string> args, int line)
    {
        var o = GrubOptions.Parse(args, [new("delete", 'd', GrubOptions.ValueKind.None), new("decompress", 'D', GrubOptions.ValueKind.None)]);
        if (o.Has("delete"))
        {
            if (o.Positional.Count < 1)
                return 1;
            return _devices.RemoveLoopback(o.Positional[0]) ? 0 : 1;
        }
        if (o.Positional.Count != 2)
        {
            Diag(Severity.Error, "loopback: two arguments expected (NAME FILE)", line);
            return 1;
        }
        var p = Resolve(o.Positional[1]);
        if (!p.IsResolved || p.Path.Length == 0)
        {
            Diag(Severity.Error, $"loopback: {p.Problem ?? "a file is needed"}", line);
            return 1;
        }
        // An image is opened once per evaluation, however many entries or loop turns ask for it.
        var imageKey = Display(p.Tree!, p.Path);
        if (!_loopbackCache.TryGetValue(imageKey, out var opened))
        {
            IFileTree? t;
            string? why;
            try
            {
                t = _loopbackOpener.Open(new FileRef(p.Tree!, p.Path), out why);
            }
            catch (Exception e) when (e is StorageException or IOException or InvalidDataException or UnauthorizedAccessException)
            {
                t = null;
                why = e.Message;
            }
            opened = (t, why);
            _loopbackCache[imageKey] = opened;
        }
        var (tree, problem) = opened;
        if (tree is null)
        {
            Diag(Severity.Error, $"loopback: cannot open '{p.Path}': {problem}", line);
            return 1;
        }
        if (!_devices.AddLoopback(o.Positional[0], tree))
        {
            Diag(Severity.Error, $"loopback: more than {GrubDevices.MaxLoopbackDevices} loopback devices", line);
            return 1;
        }
        return 0;
    }

    /// <summary>
    /// blscfg (Fedora's grub-core/commands/blscfg.c): one menu entry per Boot Loader Specification
    /// entry in $blsdir (default /loader/entries, then /boot/loader/entries) on $root, in BLS
    /// order. The title has its variables expanded now; the generated body
    /// <c>linux KERNEL OPTIONS</c> / <c>initrd ...</c> / <c>devicetree ...</c> is script text, so
    /// <c>$kernelopts</c> and other variables expand when the entry runs, as in Fedora's GRUB.
    /// </summary>
    private readonly Dictionary<string, List<BlsEntry>> _blsCache = new(StringComparer.Ordinal);
    private readonly Dictionary<BlsEntry, GrubScript> _blsBodies = new(ReferenceEqualityComparer.Instance);

    private int CmdBlscfg(List<string> args, int line)
    {
        var root = _env.Get("root");
        var rootTree = string.IsNullOrEmpty(root) ? null : _devices.Find(root);
        if (rootTree is null)
        {
            Diag(Severity.Error, $"blscfg: disk '{root}' not found", line);
            return 1;
        }
        string? dir = _env.Get("blsdir");
        var candidates = string.IsNullOrEmpty(dir) ? (string[])["/loader/entries", "/boot/loader/entries"] : [dir];
        string? found = candidates.FirstOrDefault(c => GrubFiles.TryStat(rootTree, c) is { Kind: FileKind.Directory });
        if (found is null)
        {
            Diag(Severity.Warning, $"blscfg: no BLS entry directory ({string.Join(", ", candidates)}) on {_devices.NameOf(rootTree)}", line);
            return 1;
        }
        // The files cannot change during one evaluation: load (and report) each directory once.
        var cacheKey = Display(rootTree, found);
        if (!_blsCache.TryGetValue(cacheKey, out var entries))
        {
            var diags = new List<Diagnostic>();
            try
            {
                entries = BlsEntryLoader.Load(rootTree, found, diags);
            }
            catch (Exception e) when (e is StorageException or IOException or UnauthorizedAccessException)
            {
                Diag(Severity.Error, $"blscfg: {e.Message}", line);
                entries = [];
            }
            foreach (var d in diags)
                Diag(d.Severity, d.Message, d.Line ?? line);
            _blsCache[cacheKey] = entries;
        }
        foreach (var b in entries)
        {
            if (b.Linux is null)
            {
                Diag(Severity.Warning, $"blscfg: '{b.Path}' has no linux key; skipped", line);
                continue;
            }
            var display = Display(rootTree, b.Path);
            if (!_blsBodies.TryGetValue(b, out var script))
            {
                var body = new StringBuilder();
                body.Append("linux ").Append(BlsPath(b.Linux));
                if (b.Options.Count > 0)
                    body.Append(' ').Append(b.JoinedOptions);
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
                script = GrubScriptParser.Parse(body.ToString(), display, parseDiags);
                foreach (var d in parseDiags)
                    Diag(d.Severity, d.Message, line);
                _blsBodies[b] = script;
            }
            var title = ExpandVariablesInText(b.Title ?? b.FileName);
            if (_menu.Items.Count >= GrubMenu.MaxItems)
                break;
            _menu.Items.Add(new GrubMenuItem
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

    /// <summary>BLS paths are relative to the root of the partition the entries are on.</summary>
    private static string BlsPath(string p)
    {
        var t = p.Trim();
        return t.StartsWith('/') || t.StartsWith('(') || t.StartsWith('$') ? t : "/" + t;
    }
}
