using LinuxBootSharp.Storage;

namespace LinuxBootSharp.BootConfig.Bls;

/// <summary>
/// The parts of systemd-boot's <c>loader.conf</c> (loader.conf(5)) a kexec boot loader can
/// honour: <c>default</c> (a glob over entry ids), <c>timeout</c> and <c>editor</c>. One loader.conf
/// governs every entry that loader lists: Type #1 entries (BlsParser) and UKIs (UkiParser).
/// Format as entry files: "key value" lines, "#" comments.
/// </summary>
public sealed class LoaderConf
{
    public const long MaxBytes = 64 * 1024;

    /// <summary>Glob matched against entry ids ("*", "?", "[...]"), or null.</summary>
    public string? Default { get; private set; }

    /// <summary>Menu timeout; null when not set; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for "menu-force".</summary>
    public TimeSpan? Timeout { get; private set; }

    /// <summary>
    /// loader.conf(5) "editor: Takes a boolean argument. Enable (the default) or disable the
    /// built-in kernel command line editor." Null when not set; the last valid line wins.
    /// </summary>
    public bool? Editor { get; private set; }

    /// <summary>
    /// The <c>editor</c> line that disabled editing, for every entry this loader lists; null when
    /// editing is allowed. systemd-boot (src/boot/efi/boot.c) refuses <c>e</c> for Type #1 and
    /// Type #2 (UKI) entries alike when <c>config->editor</c> is false.
    /// </summary>
    public EditDenial? EditorDenial { get; private set; }

    public static LoaderConf? Load(IFileTree tree, string path, List<Diagnostic> diagnostics)
    {
        var display = $"{tree.Identity.Device}:{path}";
        string text;
        try
        {
            if (!tree.FileExists(path))
                return null;
            text = tree.ReadAllText(path, MaxBytes);
        }
        catch (StorageException e)
        {
            diagnostics.Add(new Diagnostic(Severity.Warning, $"cannot read loader.conf: {e.Message}", display));
            return null;
        }
        return Parse(text, display, diagnostics);
    }

    public static LoaderConf Parse(string text, string display, List<Diagnostic> diagnostics)
    {
        var conf = new LoaderConf();
        foreach (var (lineNo, key, value) in BlsKeyValueLines.Read(text))
        {
            switch (key)
            {
                case "default":
                    // "@saved" and friends name EFI variables a kexec loader cannot read.
                    if (value.StartsWith('@'))
                        diagnostics.Add(new Diagnostic(Severity.Info, $"default '{value}' refers to an EFI variable, not available here", display, lineNo));
                    else if (value.Length > 0)
                        conf.Default = value;
                    break;
                case "timeout":
                    conf.Timeout = ParseTimeout(value);
                    if (conf.Timeout is null)
                        diagnostics.Add(new Diagnostic(Severity.Warning, $"timeout '{value}' is not a number of seconds", display, lineNo));
                    break;
                case "editor":
                    // As systemd-boot: a value parse_boolean rejects is logged and ignored, so an
                    // earlier valid "editor" line (or the default, enabled) stays in force.
                    if (ParseBool(value) is bool on)
                    {
                        conf.Editor = on;
                        conf.EditorDenial = on ? null : new EditDenial(display, lineNo, $"editor {value}");
                    }
                    else
                    {
                        diagnostics.Add(new Diagnostic(Severity.Warning,
                            $"editor '{value}' is not a boolean (1, yes, y, true, t, on or 0, no, n, false, f, off; lower case): ignored, editing stays {(conf.Editor == false ? "disabled" : "enabled")}",
                            display, lineNo));
                    }
                    break;
                default:
                    // console-mode, secure-boot-enroll, auto-entries, beep, ...: firmware matters only.
                    break;
            }
        }
        return conf;
    }

    /// <summary>
    /// loader.conf(5) "timeout": seconds; "menu-force" shows the menu with no timeout,
    /// "menu-hidden"/"menu-disabled" boot the default at once.
    /// </summary>
    private static TimeSpan? ParseTimeout(string v) => v switch
    {
        "menu-force" => System.Threading.Timeout.InfiniteTimeSpan,
        "menu-hidden" or "menu-disabled" => TimeSpan.Zero,
        _ when uint.TryParse(v, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var s)
            => TimeSpan.FromSeconds(Math.Min(s, 24u * 3600)),
        _ => null,
    };

    /// <summary>
    /// systemd-boot's parse_boolean (src/boot/efi/efi-string.c): exact, case-sensitive words, unlike
    /// userspace systemd's case-insensitive one — "editor NO" is an error there and leaves the editor on.
    /// </summary>
    internal static bool? ParseBool(string v) => v switch
    {
        "1" or "yes" or "y" or "true" or "t" or "on" => true,
        "0" or "no" or "n" or "false" or "f" or "off" => false,
        _ => null,
    };
}
