using LinuxBootSharp.BootConfig.Bls;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.BootConfig.Tests;

/// <summary>
/// The shared fnmatch(3) glob (src/Shared/Glob.cs, linked into this test project as into
/// BootConfig and Boards) and its BootConfig side: loader.conf <c>default</c>, case-sensitive as
/// systemd-boot's efi_fnmatch. The board side (FNM_CASEFOLD) is tested in Boards.Tests.
/// </summary>
public class GlobTests
{
    [Theory]
    [InlineData("fedora-*", "fedora-6.1.conf", true)]
    [InlineData("*.conf", "x.conf", true)]
    [InlineData("fedora-?.1*", "fedora-6.1.conf", true)]
    [InlineData("[a-c]*", "b1", true)]
    [InlineData("[!a-c]*", "b1", false)]
    [InlineData("[!a-c]*", "d1", true)]
    [InlineData("[]x]", "]", true)]
    [InlineData("[!]x]", "]", false)]
    [InlineData("arch", "arch-lts", false)]
    [InlineData("\\*", "*", true)]
    [InlineData("\\*", "x", false)]
    [InlineData("a\\?c", "abc", false)]
    [InlineData("[unterminated", "[unterminated", true)]
    [InlineData("*/*", "a/b", true)] // no FNM_PATHNAME: '*' crosses '/'
    [InlineData("*", "", true)]
    [InlineData("?", "", false)]
    [InlineData("Fedora-*", "fedora-6.1.conf", false)] // flags 0: case matters
    [InlineData("[A-Z]*", "fedora", false)]
    public void FnmatchWithoutFlags(string pattern, string text, bool expected) =>
        Assert.Equal(expected, Glob.IsMatch(pattern, text));

    [Theory]
    [InlineData("standard pc*", "Standard PC (Q35 + ICH9, 2009)", true)]
    [InlineData("[A-Z]emu", "qemu", true)] // range ends fold like the text (glibc FNM_CASEFOLD)
    [InlineData("[q]EMU", "QEMU", true)]
    [InlineData("[!q]EMU", "QEMU", false)]
    [InlineData("\\Q*", "qemu", true)]
    [InlineData("qemu?", "QEMU", false)]
    public void FnmatchWithCaseFold(string pattern, string text, bool expected) =>
        Assert.Equal(expected, Glob.IsMatch(pattern, text, GlobFlags.CaseFold));

    /// <summary>
    /// A fuzzed loader.conf "default" of many stars must not take exponential time: the step
    /// count (pattern elements compared) stays within (pattern + 1) × (text + 1). A recursive
    /// matcher needs about C(80, 8) ≈ 3·10^10 steps here.
    /// </summary>
    [Theory]
    [InlineData("*a*a*a*a*a*a*a*a*b", 80, 'a')]
    [InlineData("*[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*0", 200, 'q')]
    [InlineData("*?*?*?*?*?*?*?*?*?*?*?*?*!", 500, 'x')]
    public void HostilePatternsStayWithinTheStepBound(string pattern, int length, char fill)
    {
        var text = new string(fill, length);
        Assert.False(Glob.IsMatch(pattern, text, GlobFlags.None, out long steps));
        Assert.InRange(steps, 1, (long)(pattern.Length + 1) * (text.Length + 1));
        Assert.False(Glob.IsMatch(pattern, text, GlobFlags.CaseFold, out long folded));
        Assert.Equal(steps, folded);
    }

    [Fact]
    public void StepBoundHoldsForMatchesToo()
    {
        var text = new string('a', 300) + "b";
        Assert.True(Glob.IsMatch("*a*a*a*b", text, GlobFlags.None, out long steps));
        Assert.InRange(steps, text.Length, (long)("*a*a*a*b".Length + 1) * (text.Length + 1));
    }

    /// <summary>systemd-boot matches loader.conf "default" case-sensitively (efi_fnmatch): "Fedora-*" picks no fedora entry.</summary>
    [Fact]
    public void LoaderConfDefaultIsCaseSensitive()
    {
        var t = new InMemoryFileTree()
            .AddFile("/loader/entries/arch.conf", "title Arch\nsort-key a\nlinux /vmlinuz\n")
            .AddFile("/loader/entries/fedora-6.1.conf", "title Fedora\nsort-key f\nlinux /vmlinuz\n")
            .AddFile("/vmlinuz", "k");
        var upper = new BlsParser("x64").Parse(t.AddFile("/loader/loader.conf", "default Fedora-*\n"), []);
        Assert.DoesNotContain(upper.Entries, e => e.IsDefault);
        Assert.Contains(upper.Diagnostics, d => d.Message.Contains("matches no entry", StringComparison.Ordinal));

        var lower = new BlsParser("x64").Parse(t.AddFile("/loader/loader.conf", "default fedora-*\n"), []);
        Assert.Equal("fedora-6.1", Assert.Single(lower.Entries, e => e.IsDefault).Id);
    }

    /// <summary>Brackets and escapes work in loader.conf "default" too (efi_fnmatch supports both).</summary>
    [Fact]
    public void LoaderConfDefaultWithBrackets()
    {
        var t = new InMemoryFileTree()
            .AddFile("/loader/entries/a-6.1.conf", "sort-key a\nversion 6.1\nlinux /vmlinuz\n")
            .AddFile("/loader/entries/a-6.2.conf", "sort-key a\nversion 6.2\nlinux /vmlinuz\n")
            .AddFile("/loader/loader.conf", "default a-6.[!2]*\n")
            .AddFile("/vmlinuz", "k");
        Assert.Equal("a-6.1", Assert.Single(new BlsParser("x64").Parse(t, []).Entries, e => e.IsDefault).Id);
    }
}
