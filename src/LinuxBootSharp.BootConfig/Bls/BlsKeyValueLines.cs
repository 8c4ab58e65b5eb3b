namespace LinuxBootSharp.BootConfig.Bls;

/// <summary>
/// The line format shared by BLS entry files and systemd-boot's loader.conf (Boot Loader
/// Specification, "Type #1 Boot Loader Entry Keys"): one "key value" pair per line, separated by
/// whitespace; empty lines and lines starting with '#' are ignored.
/// </summary>
public static class BlsKeyValueLines
{
    /// <summary>Every key/value line with its 1-based line number; the value is "" when absent.</summary>
    public static IEnumerable<(int Line, string Key, string Value)> Read(string text)
    {
        int lineNo = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNo++;
            var line = raw.AsSpan().Trim();
            if (line.IsEmpty || line[0] == '#')
                continue;
            int ws = line.IndexOfAny(' ', '\t');
            var key = (ws < 0 ? line : line[..ws]).ToString();
            var value = ws < 0 ? "" : line[ws..].Trim().ToString();
            yield return (lineNo, key, value);
        }
    }
}
