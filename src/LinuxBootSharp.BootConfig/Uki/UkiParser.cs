using System.Globalization;
using LinuxBootSharp.BootConfig.Bls;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.BootConfig.Uki;

/// <summary>
/// Type #2 entries: unified kernel images in <c>/EFI/Linux/*.efi</c> (Boot Loader Specification,
/// "Type #2 EFI Unified Kernel Images"). Each image becomes one entry whose kernel and initrds
/// are byte ranges of the image, so kexec_file_load boots it like any kernel.
/// </summary>
public sealed class UkiParser : IBootConfigParser
{
    public const string Directory = "/EFI/Linux";

    /// <summary>Add-ons applied to every UKI on the partition.</summary>
    public const string GlobalAddons = "/loader/addons";

    /// <summary>More images than this in one directory is not a real ESP.</summary>
    public const int MaxImages = 256;

    public UkiParser(string? architecture = null) => Architecture = architecture ?? EfiArchitecture.Current;

    public string Name => "uki";

    public string Architecture { get; }

    public ConfigParseResult Parse(IFileTree tree, IReadOnlyList<IFileTree> volumes)
    {
        var result = new ConfigParseResult();
        var dirDisplay = $"{tree.Identity.Device}:{Directory}";
        IReadOnlyList<DirectoryEntry> names;
        try
        {
            if (!tree.DirectoryExists(Directory))
                return result;
            names = tree.ListDirectory(Directory);
        }
        catch (StorageException e)
        {
            result.Diagnostics.Add(new Diagnostic(Severity.Warning, $"cannot list unified kernel images: {e.Message}", dirDisplay));
            return result;
        }

        var found = new List<(BootEntry Entry, BlsEntryOrder.Key Key)>();
        int count = 0;
        foreach (var d in names)
        {
            if (d.Kind == FileKind.Directory || d.Name.StartsWith('.'))
            {
                if (d.Name.EndsWith(".efi.extra.d", StringComparison.OrdinalIgnoreCase))
                    ListAddons(tree, FileTree.Combine(Directory, d.Name), result);
                continue;
            }
            // "the files must have the extension .efi" (case-insensitive: the ESP is FAT).
            if (!d.Name.EndsWith(".efi", StringComparison.OrdinalIgnoreCase))
                continue;
            if (++count > MaxImages)
            {
                result.Diagnostics.Add(new Diagnostic(Severity.Warning, $"more than {MaxImages} images, the rest are ignored", dirDisplay));
                break;
            }
            var path = FileTree.Combine(Directory, d.Name);
            if (Read(tree, path, result) is { } item)
                found.Add(item);
        }

        // Global add-ons for every UKI on this ESP live in /loader/addons/ (UKI spec, "UKI add-ons").
        try
        {
            if (tree.DirectoryExists(GlobalAddons))
                ListAddons(tree, GlobalAddons, result);
        }
        catch (StorageException e)
        {
            result.Diagnostics.Add(new Diagnostic(Severity.Warning, $"cannot look at {GlobalAddons}: {e.Message}", dirDisplay));
        }

        // UKIs sort in the same order as Type #1 entries ("Sorting"), by sort key = IMAGE_ID/ID.
        found.Sort((a, b) => BlsEntryOrder.Compare(a.Key, b.Key));
        result.Entries.AddRange(found.Select(f => f.Entry));
        BlsParser.MakeTitlesUnique(result.Entries);
        MarkDefault(tree, result);
        return result;
    }

    private (BootEntry, BlsEntryOrder.Key)? Read(IFileTree tree, string path, ConfigParseResult result)
    {
        var display = $"{tree.Identity.Device}:{path}";
        result.ConfigFiles.Add(display);
        var name = path[(path.LastIndexOf('/') + 1)..];
        var (id, left, done) = BootCounter.Split(BlsEntryFile.StripSuffix(name, ".efi"));
        var diags = new List<Diagnostic>();
        var image = UkiImage.Load(tree, path, diags);
        if (image is null || image.Linux is null)
        {
            // Not a UKI (a plain EFI program dropped in the directory): say so, list nothing.
            result.Diagnostics.AddRange(diags);
            return null;
        }
        if (EfiArchitecture.FromPeMachine(image.Pe.Machine) is string arch && !EfiArchitecture.Matches(arch, Architecture))
        {
            result.Diagnostics.Add(new Diagnostic(Severity.Info, $"unified kernel image for architecture '{arch}' hidden on {Architecture}", display));
            return null;
        }

        var b = new BootEntry
        {
            Title = image.Title ?? id,
            Id = id,
            Source = "uki",
            SourceFile = display,
            SourceLine = 0,
            Version = image.Version,
            // The stub passes .cmdline to the kernel; trailing newlines from `echo > cmdline` are dropped.
            Cmdline = image.Cmdline?.Trim() ?? "",
            Kernel = new FileRef(tree, path, image.Linux.FileOffset, image.Linux.Length),
        };
        b.Diagnostics.AddRange(diags);
        if (image.Title is null)
            b.Diagnostics.Add(new Diagnostic(Severity.Info, ".osrel names no PRETTY_NAME, IMAGE_ID, NAME or ID; file name used as title", display));
        // systemd-stub hands the kernel .ucode first, then .initrd (UKI spec, ".ucode").
        if (image.Ucode is PeSection uc)
            b.Initrds.Add(new FileRef(tree, path, uc.FileOffset, uc.Length));
        if (image.Initrd is PeSection ird)
            b.Initrds.Add(new FileRef(tree, path, ird.FileOffset, ird.Length));
        if (image.Dtb is PeSection dtb)
            b.DeviceTree = new FileRef(tree, path, dtb.FileOffset, dtb.Length);
        if (image.Uname is string u)
            b.Properties["uname"] = u;
        if (image.SortKey is string sk)
            b.Properties["sort-key"] = sk;
        if (image.OsVersion is string ov)
            b.Properties["os-version"] = ov;
        if (left is int l)
            b.Counting = new BootCounting(l, done ?? 0);
        try
        {
            if (tree.DirectoryExists(path + ".extra.d"))
                b.Diagnostics.Add(new Diagnostic(Severity.Info, $"add-ons in {path}.extra.d are not applied", display));
        }
        catch (StorageException e)
        {
            b.Diagnostics.Add(new Diagnostic(Severity.Warning, $"cannot look at {path}.extra.d: {e.Message}", display));
        }
        return (b, new BlsEntryOrder.Key(left == 0, image.SortKey, null, image.OsVersion, id, left, done));
    }

    /// <summary>
    /// Add-ons ("UKI add-ons": PE files with extra .cmdline/.dtb sections next to the image in
    /// "&lt;image&gt;.efi.extra.d/") would need a signature check we cannot do the firmware's way;
    /// they are listed, not applied.
    /// </summary>
    private static void ListAddons(IFileTree tree, string dir, ConfigParseResult result)
    {
        try
        {
            var addons = tree.ListDirectory(dir).Where(a => a.Name.EndsWith(".addon.efi", StringComparison.OrdinalIgnoreCase)).Take(64).Select(a => a.Name).ToList();
            result.Diagnostics.Add(new Diagnostic(Severity.Info,
                $"UKI add-ons not supported, ignored: {(addons.Count == 0 ? "(none)" : string.Join(", ", addons))}", $"{tree.Identity.Device}:{dir}"));
        }
        catch (StorageException e)
        {
            result.Diagnostics.Add(new Diagnostic(Severity.Warning, $"cannot list add-ons: {e.Message}", $"{tree.Identity.Device}:{dir}"));
        }
    }

    /// <summary>loader.conf's <c>default</c> glob, matched against "name.efi" as systemd-boot does.</summary>
    private static void MarkDefault(IFileTree tree, ConfigParseResult result)
    {
        var conf = LoaderConf.Load(tree, "/loader/loader.conf", result.Diagnostics);
        // systemd-boot's editor switch covers Type #2 entries as well (src/boot/boot.c: the 'e'
        // key is refused for every entry when config->editor is false).
        if (conf?.EditorDenial is EditDenial denial)
            foreach (var b in result.Entries)
                b.EditDenied = denial;
        if (conf?.Default is not string glob)
            return;
        var hit = result.Entries.FirstOrDefault(b => b.Id is string id && (Glob.IsMatch(glob, id + ".efi") || Glob.IsMatch(glob, id)));
        if (hit is not null)
            hit.IsDefault = true;
    }
}
