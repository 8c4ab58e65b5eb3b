namespace LinuxBootSharp.BootConfig.Grub;

/// <summary>
/// Everything one GRUB evaluation produced: the parse result the pipeline consumes, plus what
/// tests and tools want to see: the environment blocks <c>save_env</c> changed (in memory only;
/// the disk is never written), the argument lists of every <c>echo</c>, and the final variables.
/// </summary>
public sealed class GrubEvaluation
{
    public required ConfigParseResult Result { get; init; }

    /// <summary>"device:/path" of each environment block changed by <c>save_env</c> at config
    /// level, with its new bytes (changes made inside entry bodies are discarded with the entry).</summary>
    public required IReadOnlyDictionary<string, byte[]> SavedEnvironmentBlocks { get; init; }

    /// <summary>Arguments of each <c>echo</c> run at config level, in order.</summary>
    public required IReadOnlyList<IReadOnlyList<string>> Echoes { get; init; }

    /// <summary>Variables at the end of the config run.</summary>
    public required IReadOnlyDictionary<string, string> Variables { get; init; }
}
