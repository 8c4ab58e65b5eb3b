namespace LinuxBootSharp.BootConfig;

public enum Severity
{
    Info,
    Warning,
    Error,
}

/// <summary>
/// A problem found while reading a config: parsers return these instead of throwing.
/// <see cref="File"/> is "device:/path" (or just a path) and <see cref="Line"/> is 1-based.
/// </summary>
public sealed record Diagnostic(Severity Severity, string Message, string? File = null, int? Line = null)
{
    public override string ToString() =>
        (File, Line) switch
        {
            (null, _) => $"{Severity.ToString().ToLowerInvariant()}: {Message}",
            (_, null) => $"{File}: {Severity.ToString().ToLowerInvariant()}: {Message}",
            _ => $"{File}:{Line}: {Severity.ToString().ToLowerInvariant()}: {Message}",
        };
}
