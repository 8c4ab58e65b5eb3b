using System.Text;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.BootConfig.Uki;

/// <summary>
/// A unified kernel image read through its PE sections (UAPI "Unified Kernel Image"
/// specification, section "UKI Components"): .linux (the kernel), .initrd, .ucode
/// (microcode initrd, loaded before .initrd), .cmdline, .osrel, .uname, .dtb.
/// The kernel and initrds are byte ranges of the file, handed to kexec without copying.
/// </summary>
public sealed class UkiImage
{
    /// <summary>Text sections (.cmdline, .osrel, .uname) larger than this are refused.</summary>
    public const int MaxTextSectionBytes = 256 * 1024;

    public required PeFile Pe { get; init; }
    public PeSection? Linux { get; private set; }
    public PeSection? Initrd { get; private set; }
    public PeSection? Ucode { get; private set; }
    public PeSection? Dtb { get; private set; }
    public string? Cmdline { get; private set; }
    public string? Uname { get; private set; }
    public Dictionary<string, string> OsRelease { get; private set; } = new(StringComparer.Ordinal);

    /// <summary>True when the image has .profile sections (multi-profile UKI); only the base profile is read.</summary>
    public bool HasProfiles { get; private set; }

    /// <summary>Reads <paramref name="path"/>; problems are added to <paramref name="diagnostics"/> naming the file.</summary>
    public static UkiImage? Load(IFileTree tree, string path, List<Diagnostic> diagnostics)
    {
        var display = $"{tree.Identity.Device}:{path}";
        try
        {
            using var s = tree.OpenRead(path);
            var pe = PeFile.Read(s);
            foreach (var p in pe.Problems)
                diagnostics.Add(new Diagnostic(pe.IsValid ? Severity.Warning : Severity.Error, $"PE image: {p}", display));
            if (!pe.IsValid)
                return null;
            var uki = new UkiImage { Pe = pe };
            uki.ReadSections(s, display, diagnostics);
            return uki;
        }
        catch (StorageException e)
        {
            diagnostics.Add(new Diagnostic(Severity.Error, $"cannot read unified kernel image: {e.Message}", display));
            return null;
        }
    }

    private void ReadSections(Stream s, string display, List<Diagnostic> diagnostics)
    {
        // "Multi-Profile UKIs": sections after the first .profile belong to a profile and
        // override the base; without a profile choice only the base (before it) counts.
        foreach (var sec in Pe.Sections)
        {
            if (sec.Name == ".profile")
            {
                HasProfiles = true;
                diagnostics.Add(new Diagnostic(Severity.Info, "multi-profile UKI: only the base profile is offered", display));
                break;
            }
            switch (sec.Name)
            {
                case ".linux": Linux ??= sec; break;
                case ".initrd": Initrd ??= sec; break;
                case ".ucode": Ucode ??= sec; break;
                case ".dtb": Dtb ??= sec; break;
                case ".cmdline": Cmdline ??= Text(s, sec, display, diagnostics); break;
                case ".uname": Uname ??= Text(s, sec, display, diagnostics)?.Trim(); break;
                case ".osrel":
                    if (Text(s, sec, display, diagnostics) is string os)
                        OsRelease = Uki.OsRelease.Parse(os);
                    break;
            }
        }
        if (Linux is null)
            diagnostics.Add(new Diagnostic(Severity.Error, "PE image has no .linux section: not a unified kernel image", display));
    }

    private static string? Text(Stream s, PeSection sec, string display, List<Diagnostic> diagnostics)
    {
        var bytes = PeFile.ReadSection(s, sec, MaxTextSectionBytes);
        if (bytes is null)
        {
            diagnostics.Add(new Diagnostic(Severity.Warning, $"section {sec.Name} is {sec.Length} bytes, more than the limit of {MaxTextSectionBytes}; ignored", display));
            return null;
        }
        // Sections are padded with NULs to the file alignment; the text ends at the first NUL.
        int nul = Array.IndexOf(bytes, (byte)0);
        return Encoding.UTF8.GetString(bytes, 0, nul < 0 ? bytes.Length : nul);
    }

    private string? Os(string key) => OsRelease.TryGetValue(key, out var v) && v.Length > 0 ? v : null;

    /// <summary>
    /// Menu title as systemd-boot derives it from .osrel: PRETTY_NAME, else IMAGE_ID, else
    /// NAME, else ID; null when .osrel names none (the caller falls back to the file name).
    /// </summary>
    public string? Title => Os("PRETTY_NAME") ?? Os("IMAGE_ID") ?? Os("NAME") ?? Os("ID");

    /// <summary>Version for the menu: .uname (the kernel release), else os-release's version fields.</summary>
    public string? Version => Uname is { Length: > 0 } u ? u : OsVersion;

    /// <summary>The os-release version systemd-boot sorts by: IMAGE_VERSION, VERSION, VERSION_ID, BUILD_ID.</summary>
    public string? OsVersion => Os("IMAGE_VERSION") ?? Os("VERSION") ?? Os("VERSION_ID") ?? Os("BUILD_ID");

    /// <summary>systemd-boot's sort key for a UKI: IMAGE_ID, else ID.</summary>
    public string? SortKey => Os("IMAGE_ID") ?? Os("ID");
}
