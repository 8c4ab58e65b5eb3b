using System.Text.RegularExpressions;
using LinuxBootSharp.Tests.Shared;

namespace LinuxBootSharp.BootConfig.Tests;

/// <summary>The case names listed in KnownDeviations.md ("### `case`" headings), each with its reason.</summary>
public static class GrubKnownDeviations
{
    public static string FilePath => Path.Combine(RepoPaths.Root, "tests", "LinuxBootSharp.BootConfig.Tests", "KnownDeviations.md");

    private static readonly Lazy<HashSet<string>> Names = new(() =>
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (File.Exists(FilePath))
            foreach (Match m in Regex.Matches(File.ReadAllText(FilePath), @"^### `([^`]+)`", RegexOptions.Multiline))
                set.Add(m.Groups[1].Value);
        return set;
    });

    public static bool Contains(string caseName) => Names.Value.Contains(caseName);
}
