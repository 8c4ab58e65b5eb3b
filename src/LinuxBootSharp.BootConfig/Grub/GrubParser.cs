using LinuxBootSharp.Storage;

namespace LinuxBootSharp.BootConfig.Grub;

/// <summary>
/// GRUB 2 configurations (<c>grub.cfg</c>) interpreted with GRUB's own semantics: see
/// <see cref="GrubInterpreter"/>. One config per file system is read, the first found in
/// <see cref="ConfigPaths"/> order: an installed system's grub-mkconfig output before an ESP's
/// vendor directory.
/// </summary>
public sealed class GrubParser : IBootConfigParser
{
    private readonly ILoopbackOpener _loopback;
    private readonly GrubLimits _limits;

    /// <param name="loopbackOpener">Opens images for <c>loopback</c>, given by the host (Boot's
    /// discovery wires its ISO opener); without one every <c>loopback</c> fails with a diagnostic.</param>
    public GrubParser(ILoopbackOpener? loopbackOpener = null, GrubLimits? limits = null)
    {
        _loopback = loopbackOpener ?? UnavailableLoopbackOpener.Instance;
        _limits = limits ?? GrubLimits.Default;
    }

    public string Name => "grub";

    /// <summary>Where GRUB keeps its config: $prefix is /boot/grub on Debian-likes, /boot/grub2 on
    /// Fedora-likes, /grub(2) on a separate /boot partition, EFI/&lt;vendor&gt; on an ESP.</summary>
    public static IReadOnlyList<string> ConfigPaths { get; } =
    [
        "/boot/grub/grub.cfg", "/grub/grub.cfg", "/boot/grub2/grub.cfg", "/grub2/grub.cfg", "/EFI/*/grub.cfg", "/boot/efi/EFI/*/grub.cfg",
    ];

    /// <summary>The config this parser would read on <paramref name="tree"/>, or null. A read error
    /// while looking counts as "not here" and is added to <paramref name="diagnostics"/>.</summary>
    public static string? FindConfig(IFileTree tree, List<Diagnostic>? diagnostics = null)
    {
        FileStat? Stat(string p)
        {
            var st = GrubFiles.TryStat(tree, p, out var error);
            if (error is not null)
                diagnostics?.Add(new Diagnostic(Severity.Warning, error, $"{tree.Identity.Device}:{p}"));
            return st;
        }
        foreach (var pattern in ConfigPaths)
        {
            int star = pattern.IndexOf('*');
            if (star < 0)
            {
                if (Stat(pattern) is { Kind: FileKind.File })
                    return pattern;
                continue;
            }
            var dir = pattern[..(star - 1)];
            var rest = pattern[(star + 1)..];
            if (Stat(dir) is not { Kind: FileKind.Directory })
                continue;
            IReadOnlyList<DirectoryEntry> list;
            try
            {
                list = tree.ListDirectory(dir);
            }
            catch (StorageException e)
            {
                diagnostics?.Add(new Diagnostic(Severity.Warning, $"cannot list {dir}: {e.Message}", $"{tree.Identity.Device}:{dir}"));
                continue;
            }
            foreach (var d in list.OrderBy(d => d.Name, StringComparer.Ordinal))
            {
                var candidate = dir + "/" + d.Name + rest;
                if (Stat(candidate) is { Kind: FileKind.File })
                    return candidate;
            }
        }
        return null;
    }

    public ConfigParseResult Parse(IFileTree tree, IReadOnlyList<IFileTree> volumes)
    {
        var lookDiagnostics = new List<Diagnostic>();
        if (FindConfig(tree, lookDiagnostics) is string path)
        {
            var r = Evaluate(tree, volumes, path).Result;
            r.Diagnostics.InsertRange(0, lookDiagnostics);
            return r;
        }
        // Only a file system without a GRUB 2 config is read as GRUB Legacy (RHEL 7 keeps a stale grub.conf).
        var result = GrubLegacyConfig.FindConfig(tree, lookDiagnostics) is string legacy ? GrubLegacyConfig.Parse(tree, volumes, legacy) : new ConfigParseResult();
        result.Diagnostics.InsertRange(0, lookDiagnostics);
        return result;
    }

    /// <summary>Runs the config at <paramref name="configPath"/> (or <paramref name="text"/> as if it
    /// were that file) and returns everything the evaluation produced.</summary>
    public GrubEvaluation Evaluate(IFileTree tree, IReadOnlyList<IFileTree> volumes, string configPath, string? text = null)
    {
        var interpreter = new GrubInterpreter(tree, volumes, _loopback, _limits);
        return interpreter.Run(configPath, text);
    }
}
