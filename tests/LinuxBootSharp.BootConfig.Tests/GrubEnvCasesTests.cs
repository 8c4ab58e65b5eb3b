using LinuxBootSharp.BootConfig.Grub;
using LinuxBootSharp.Tests.Shared;

namespace LinuxBootSharp.BootConfig.Tests;

public sealed class GrubEnvCasesTests
{
    public static TheoryData<string> Names() => new(GrubEnvCases.All().Select(c => c.Name));

    [CorpusTheory]
    [MemberData(nameof(Names))]
    public void Env_case_matches_petitboot_or_documented_envblk_behaviour(string name)
    {
        var c = GrubEnvCases.All().Single(x => x.Name == name);
        var got = GrubEnvCases.Run(c);
        var key = "test-grub2-save-env/" + name;
        if (got == c.After)
        {
            Assert.False(GrubKnownDeviations.Contains(key), $"{key} now equals petitboot: remove it from KnownDeviations.md");
            return;
        }
        Assert.True(GrubKnownDeviations.Contains(key), $"{key}: got {Show(got)}, petitboot {Show(c.After)}, and not in KnownDeviations.md");
        Assert.Equal(Show(GrubEnvCases.GrubCorrect[key](c)), Show(got));
    }

    [CorpusFact]
    public void There_are_eleven_env_cases() => Assert.Equal(11, GrubEnvCases.All().Count);

    private static string Show(string s) => s.Replace("\n", "\\n", StringComparison.Ordinal);

    [Fact]
    public void Default_block_is_1024_bytes_of_signature_and_padding()
    {
        var b = GrubEnvBlock.CreateDefault();
        Assert.Equal(1024, b.Size);
        Assert.Empty(b.Variables());
        Assert.True(b.Set("saved_entry", "gnulinux-advanced>gnulinux-6.1.0"));
        Assert.Equal(1024, b.Size);
        Assert.Equal("gnulinux-advanced>gnulinux-6.1.0", Assert.Single(b.Variables()).Value);
    }

    [Fact]
    public void Values_with_backslash_and_newline_are_escaped_and_read_back()
    {
        var b = GrubEnvBlock.CreateDefault();
        Assert.True(b.Set("a", "x\\y\nz"));
        var text = System.Text.Encoding.ASCII.GetString(b.ToArray());
        Assert.Contains("a=x\\\\y\\\nz\n", text, StringComparison.Ordinal);
        Assert.Equal("x\\y\nz", Assert.Single(b.Variables()).Value);
    }

    [Fact]
    public void Delete_pads_the_end_and_keeps_the_size()
    {
        var b = GrubEnvBlock.CreateDefault();
        b.Set("a", "1");
        b.Set("b", "2");
        b.Delete("a");
        Assert.Equal(1024, b.Size);
        Assert.Equal("b", Assert.Single(b.Variables()).Key);
    }

    [Fact]
    public void A_block_without_the_signature_is_rejected()
    {
        Assert.Null(GrubEnvBlock.Open("saved_entry=x\n"u8.ToArray()));
        Assert.Null(GrubEnvBlock.Open("# GRUB Environment Block\n"u8.ToArray()));
    }

    [Fact]
    public void Full_block_refuses_a_new_variable_and_is_unchanged()
    {
        var b = GrubEnvBlock.Open("# GRUB Environment Block\nq=q\n##"u8.ToArray())!;
        var before = b.ToArray();
        Assert.False(b.Set("a", "x"));
        Assert.Equal(before, b.ToArray());
    }
}
