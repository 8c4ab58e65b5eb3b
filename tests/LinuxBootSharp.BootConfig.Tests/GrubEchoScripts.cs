using System.Text;
using System.Text.RegularExpressions;
using LinuxBootSharp.BootConfig.Grub;
using LinuxBootSharp.Storage;
using LinuxBootSharp.Tests.Shared;

namespace LinuxBootSharp.BootConfig.Tests;

/// <summary>
/// u-root pkg/boot/grub/testdata/*.in|*.out: scripts from GRUB's own test suite; each .out line
/// is the argument list of one <c>echo</c>, as u-root prints it (<c>echo:[]string{"a", "b"}</c>).
/// </summary>
public static class GrubEchoScripts
{
    public static string Dir => Path.Combine(RepoPaths.Corpus, "u-root", "pkg", "boot", "grub", "testdata");

    public static IEnumerable<string> Cases() =>
        RepoPaths.HasCorpus ? Directory.GetFiles(Dir, "*.in").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)! : [];

    public static List<string[]> Expected(string name) =>
        File.ReadAllLines(Path.Combine(Dir, name + ".out")).Where(l => l.StartsWith("echo:", StringComparison.Ordinal))
            .Select(l => Regex.Matches(l, "\"((?:[^\"\\\\]|\\\\.)*)\"").Select(m => GoUnquote(m.Groups[1].Value)).ToArray())
            .ToList();

    public static List<string[]> Actual(string name)
    {
        var home = new InMemoryFileTree(new FileSystemIdentity { Type = "ext4", Device = "test" });
        var text = File.ReadAllText(Path.Combine(Dir, name + ".in"));
        var ev = new GrubParser().Evaluate(home, [home], "/boot/grub/grub.cfg", text);
        return ev.Echoes.Select(e => e.ToArray()).ToList();
    }

    /// <summary>Compares; null when equal.</summary>
    public static string? Compare(string name)
    {
        var want = Expected(name);
        var got = Actual(name);
        if (want.Count != got.Count)
            return $"{got.Count} echoes, expected {want.Count}";
        for (int i = 0; i < want.Count; i++)
            if (!want[i].SequenceEqual(got[i]))
                return $"echo {i}: [{string.Join("|", got[i])}], expected [{string.Join("|", want[i])}]";
        return null;
    }

    private static string GoUnquote(string s)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && i + 1 < s.Length)
            {
                char c = s[++i];
                sb.Append(c switch { 'n' => '\n', 't' => '\t', _ => c });
                continue;
            }
            sb.Append(s[i]);
        }
        return sb.ToString();
    }
}

public sealed class GrubEchoScriptTests
{
    public static TheoryData<string> Cases() => new(GrubEchoScripts.Cases());

    [CorpusTheory]
    [MemberData(nameof(Cases))]
    public void Echo_arguments_match_grub_test_suite(string name) => Assert.Null(GrubEchoScripts.Compare(name));
}
