namespace LinuxBootSharp.BootConfig;

/// <summary>What one parser found on one file system.</summary>
public sealed class ConfigParseResult
{
    /// <summary>Entries in the order the config lists them (BLS: already sorted per the specification).</summary>
    public List<BootEntry> Entries { get; } = [];

    /// <summary>Problems not tied to a single entry.</summary>
    public List<Diagnostic> Diagnostics { get; } = [];

    /// <summary>Menu timeout the config asks for; null when it says nothing; <see cref="Timeout.InfiniteTimeSpan"/> = wait forever.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>Config files that were read, for the details view ("device:/path").</summary>
    public List<string> ConfigFiles { get; } = [];
}
