using System.Text;
using LinuxBootSharp.BootConfig.Grub;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.BootConfig.Bls;

/// <summary>
/// GRUB variables in plain BLS entries (Fedora/RHEL write <c>options $kernelopts $tuned_params</c>
/// and keep the values in grubenv). These entries are written for Fedora's <c>blscfg</c>, so we
/// give them the values GRUB would: the grubenv of the same installation, found as its grub.cfg
/// finds it, expanded with blscfg's rules. Without a grubenv the values cannot be known and the
/// entry is shown as not bootable; a literal <c>$</c> is never passed to a kernel.
/// </summary>
internal sealed class BlsGrubVariables
{
    /// <summary>
    /// Where grubenv is looked for, first hit wins. grub.cfg (util/grub.d/00_header.in) runs
    /// <c>load_env -f ${config_directory}/grubenv</c>, config_directory being grub.cfg's own
    /// directory: /grub2 on a separate /boot partition (RHEL/Fedora BIOS, and UEFI since Fedora 34
    /// and RHEL 9, whose ESP grub.cfg is a stub that chains to it), /boot/grub2 when /boot is a
    /// directory of the root file system; /grub and /boot/grub for a GRUB built with the upstream
    /// directory name. RHEL 8 on UEFI keeps grub.cfg and grubenv on the ESP
    /// (/boot/efi/EFI/&lt;vendor&gt;/grubenv, /boot/grub2/grubenv being a symlink to
    /// ../efi/EFI/&lt;vendor&gt;/grubenv): EFI/*/grubenv last, on this tree or, for such a symlink
    /// that leaves this file system, on the ESP among the other volumes.
    /// </summary>
    internal static readonly string[] Candidates = ["/grub2/grubenv", "/boot/grub2/grubenv", "/grub/grubenv", "/boot/grub/grubenv"];

    private static readonly string[] EfiDirectories = ["/EFI", "/boot/efi/EFI"];

    /// <summary>The largest grubenv we read; grub-editenv makes 1024 bytes.</summary>
    public const long MaxGrubEnvBytes = 64 * 1024;

    private readonly IFileTree _tree;
    private readonly IReadOnlyList<IFileTree> _volumes;
    private readonly List<Diagnostic> _diagnostics;
    private bool _loaded;

    /// <summary>"/dev/vda1:/grub2/grubenv" of the block used, or null when none was found.</summary>
    public string? File { get; private set; }

    /// <summary>The block's variables; null when not found or not a valid block.</summary>
    public Dictionary<string, string>? Variables { get; private set; }

    /// <summary>Why <see cref="Variables"/> is null although a file was found.</summary>
    public string? Error { get; private set; }

    public BlsGrubVariables(IFileTree tree, IReadOnlyList<IFileTree> volumes, List<Diagnostic> diagnostics)
    {
        _tree = tree;
        _volumes = volumes;
        _diagnostics = diagnostics;
    }

    /// <summary>True when <paramref name="s"/> has a '$' that blscfg or GRUB's script would expand.</summary>
    public static bool HasVariable(string? s)
    {
        if (s is null)
            return false;
        for (int i = 0; i < s.Length; i++)
            if (s[i] == '$' && (i == 0 || s[i - 1] != '\\'))
                return true;
        return false;
    }

    /// <summary>Names referenced as $name or ${name}, in order, without repeats.</summary>
    public static List<string> Names(string s)
    {
        var list = new List<string>();
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] != '$' || (i > 0 && s[i - 1] == '\\'))
                continue;
            int j = i + 1;
            if (j < s.Length && s[j] == '{')
                j++;
            int st = j;
            while (j < s.Length && (char.IsAsciiLetterOrDigit(s[j]) || s[j] == '_'))
                j++;
            var n = s[st..j];
            if (n.Length > 0 && !list.Contains(n))
                list.Add(n);
        }
        return list;
    }

    /// <summary>Finds and reads grubenv once; the result stays for the whole tree.</summary>
    public void Load()
    {
        if (_loaded)
            return;
        _loaded = true;
        foreach (var (tree, path) in Locate())
        {
            File = $"{tree.Identity.Device}:{path}";
            byte[] data;
            try
            {
                data = tree.ReadAllBytes(path, MaxGrubEnvBytes);
            }
            catch (StorageException e)
            {
                Error = $"cannot read {File}: {e.Message}";
                _diagnostics.Add(new Diagnostic(Severity.Warning, $"grubenv: {e.Message}", File));
                return;
            }
            // grub_envblk_open refuses a block without the signature ("invalid environment block").
            var block = GrubEnvBlock.Open(data);
            if (block is null)
            {
                Error = $"{File} is not a GRUB environment block";
                _diagnostics.Add(new Diagnostic(Severity.Warning, $"invalid environment block: no '{GrubEnvBlock.Signature.TrimEnd()}' header", File));
                return;
            }
            Variables = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (k, v) in block.Variables())
                Variables[k] = v;
            return;
        }
    }

    private IEnumerable<(IFileTree Tree, string Path)> Locate()
    {
        foreach (var p in Candidates)
        {
            if (Stat(_tree, p) is { Kind: FileKind.File })
            {
                yield return (_tree, p);
                yield break;
            }
            // A symlink into the ESP (RHEL 8 UEFI: grub2/grubenv -> ../efi/EFI/redhat/grubenv)
            // does not resolve inside /boot; the same EFI/<vendor>/grubenv on another volume does.
            if (Link(_tree, p) is string target && EfiSuffix(target) is string efi)
            {
                foreach (var v in OtherVolumesSameDiskFirst())
                    if (Stat(v, efi) is { Kind: FileKind.File })
                    {
                        yield return (v, efi);
                        yield break;
                    }
            }
        }
        foreach (var dir in EfiDirectories)
        {
            IReadOnlyList<DirectoryEntry> vendors;
            try
            {
                if (Stat(_tree, dir) is not { Kind: FileKind.Directory })
                    continue;
                vendors = _tree.ListDirectory(dir);
            }
            catch (StorageException)
            {
                continue;
            }
            foreach (var d in vendors.OrderBy(d => d.Name, StringComparer.Ordinal))
            {
                var p = $"{dir}/{d.Name}/grubenv";
                if (d.Kind != FileKind.File && Stat(_tree, p) is { Kind: FileKind.File })
                {
                    yield return (_tree, p);
                    yield break;
                }
            }
        }
    }

    private IEnumerable<IFileTree> OtherVolumesSameDiskFirst()
    {
        var others = _volumes.Where(v => !ReferenceEquals(v, _tree)).ToList();
        var disk = _tree.Identity.DiskIndex;
        return others.Where(v => disk is not null && v.Identity.DiskIndex == disk)
            .Concat(others.Where(v => disk is null || v.Identity.DiskIndex != disk));
    }

    /// <summary>"EFI/redhat/grubenv" from "../efi/EFI/redhat/grubenv" (any case of "EFI").</summary>
    private static string? EfiSuffix(string target)
    {
        var parts = target.Split('/', StringSplitOptions.RemoveEmptyEntries);
        int i = Array.FindLastIndex(parts, s => s.Equals("EFI", StringComparison.OrdinalIgnoreCase));
        return i < 0 || i == parts.Length - 1 ? null : "/" + string.Join('/', parts[i..]);
    }

    private static FileStat? Stat(IFileTree t, string p) => t.TryStat(p, out _);

    private static string? Link(IFileTree t, string p)
    {
        try
        {
            return t.TryLStat(p) is { Kind: FileKind.Symlink } ? t.ReadLink(p) : null;
        }
        catch (StorageException)
        {
            return null;
        }
    }

    /// <summary>
    /// Fedora's blscfg expand_val (rhboot/grub2 grub-core/commands/blscfg.c), quirks included, as it
    /// runs when <c>blscfg</c> builds the entry: "$name" (letters, digits, '_') is replaced by the
    /// value followed by one space, an unset variable by nothing, and the space after a variable is
    /// dropped. It knows no "${name}" (the '$' is dropped, "{name}" stays), and a one-character
    /// run of text or variable name right before a '$' or at the end is lost (its start==end
    /// tests). Null when nothing was produced, as the C function returns NULL.
    /// </summary>
    public static string? ExpandVal(string? value, Func<string, string?> get)
    {
        if (value is null)
            return null;
        StringBuilder? buffer = null;
        int start = 0, end = 0;
        bool isVar = false;
        void FieldAppend(int s, int e)
        {
            // grub_strndup (start, end - start + 1): 'end' is inclusive.
            var field = value.Substring(s, Math.Max(0, Math.Min(e - s + 1, value.Length - s)));
            if (isVar)
            {
                if (get(field) is not string v)
                    return;
                (buffer ??= new StringBuilder()).Append(v).Append(' ');
                return;
            }
            (buffer ??= new StringBuilder()).Append(field);
        }
        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] == '$' && value[end] != '\\')
            {
                if (start != end)
                    FieldAppend(start, end);
                isVar = true;
                start = i + 1;
            }
            else if (isVar && !char.IsAsciiLetterOrDigit(value[i]) && value[i] != '_')
            {
                FieldAppend(start, end);
                isVar = false;
                start = i;
                if (value[start] == ' ')
                    start++;
            }
            end = i;
        }
        if (start != end)
            FieldAppend(start, end);
        return buffer?.ToString();
    }

    /// <summary>
    /// The arguments GRUB's script gives the text <paramref name="text"/> on a command line
    /// (blscfg's entry body <c>linux KERNEL OPTIONS</c> runs as script): quotes, backslashes,
    /// $name/${name} and field splitting as grub-core/script/execute.c does, through the GRUB
    /// interpreter's own word expander. Null with <paramref name="error"/> when the text is not one
    /// simple command (';', '{', '|' ...), which GRUB would not run as the entry author meant.
    /// </summary>
    public static List<string>? ScriptWords(string text, IReadOnlyDictionary<string, string> env, IFileTree tree, out string? error)
    {
        error = null;
        var diags = new List<Diagnostic>();
        var script = GrubScriptParser.Parse("x " + text + "\n", "bls", diags);
        if (diags.FirstOrDefault(d => d.Severity == Severity.Error) is Diagnostic bad)
        {
            error = bad.Message;
            return null;
        }
        if (script.Commands.Count != 1 || script.Commands[0] is not GrubCommand cmd)
        {
            error = "it is not one GRUB command";
            return null;
        }
        if (cmd.Arguments.Any(a => a.IsBlock))
        {
            // parser.y: "{...}" is a block argument, which linux and initrd ignore.
            error = "'{' starts a GRUB block, which GRUB's linux command ignores (it would boot without these options)";
            return null;
        }
        var ctx = new GrubContext(tree, new GrubDevices([tree]), GrubLimits.Default);
        foreach (var (k, v) in env)
            ctx.Env.Set(k, v);
        var words = new GrubWordExpander(ctx).Expand(cmd.Arguments, out _);
        return words.Count > 0 ? words.GetRange(1, words.Count - 1) : [];
    }
}
