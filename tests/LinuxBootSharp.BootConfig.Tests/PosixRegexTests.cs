using LinuxBootSharp.BootConfig.Text;

namespace LinuxBootSharp.BootConfig.Tests;

public sealed class PosixRegexTests
{
    private static string? Group(string pattern, string input, int g)
    {
        var m = PosixRegex.Compile(pattern).Match(input);
        if (m is null)
            return null;
        return m[g].Start < 0 ? "" : input.Substring(m[g].Start, m[g].Length);
    }

    [Theory]
    // Patterns of the kind grub.cfg files use (e.g. splitting a device or a path).
    [InlineData("^\\(([^,]*),(.*)\\)$", "(hd0,gpt2)", 1, "hd0")]
    [InlineData("^\\(([^,]*),(.*)\\)$", "(hd0,gpt2)", 2, "gpt2")]
    [InlineData("^(.*)/([^/]*)$", "/boot/vmlinuz-6.1", 1, "/boot")]
    [InlineData("^(.*)/([^/]*)$", "/boot/vmlinuz-6.1", 2, "vmlinuz-6.1")]
    [InlineData("vmlinuz-(.*)", "/boot/vmlinuz-5.14.0-1.el9.x86_64", 1, "5.14.0-1.el9.x86_64")]
    [InlineData("([[:digit:]]+)\\.([[:digit:]]+)", "linux 6.10 rc", 0, "6.10")]
    [InlineData("a{2,3}", "caaaab", 0, "aaa")]
    [InlineData("(cat|category)s?", "categorys", 0, "cat")]
    [InlineData("x*", "abc", 0, "")]
    [InlineData("[]a]+", "]a]b", 0, "]a]")]
    [InlineData("[^a-c]+", "abcdefabc", 0, "def")]
    [InlineData("(a|b)*c", "ababc", 1, "b")]
    public void Matches(string pattern, string input, int group, string expected) => Assert.Equal(expected, Group(pattern, input, group));

    [Theory]
    [InlineData("^abc$", "xabc")]
    [InlineData("a{3}", "aa")]
    [InlineData("[[:upper:]]", "lower")]
    public void DoesNotMatch(string pattern, string input) => Assert.Null(PosixRegex.Compile(pattern).Match(input));

    [Theory]
    [InlineData("(abc")]
    [InlineData("abc)")]
    [InlineData("[abc")]
    [InlineData("*a")]
    [InlineData("a{3,1}")]
    [InlineData("[[:nope:]]")]
    [InlineData("a\\")]
    public void BadPatternsAreErrors(string pattern) => Assert.Throws<PosixRegexException>(() => PosixRegex.Compile(pattern));

    [Fact]
    public void CatastrophicBacktrackingIsBounded()
    {
        var re = PosixRegex.Compile("(a*)*b");
        Assert.Throws<PosixRegexException>(() => re.Match(new string('a', 40)));
    }

    [Fact]
    public void UnmatchedGroupIsReported()
    {
        var m = PosixRegex.Compile("(a)|(b)").Match("b")!;
        Assert.Equal(-1, m[1].Start);
        Assert.Equal((0, 1), m[2]);
    }
}
