using LinuxBootSharp.CommandLine;

namespace LinuxBootSharp.Boot.Tests;

public sealed class ArgReaderTests
{
    /// <summary>Reads like `lbs ls`: "-b N", flags from "la", operands.</summary>
    private static (List<string> Operands, string? Sector, string Flags) Read(params string[] args)
    {
        var r = new ArgReader(args);
        var operands = new List<string>();
        var flags = new SortedSet<char>();
        string? sector = null;
        while (!r.Done)
        {
            if (r.TryOperand(out var o)) operands.Add(o);
            else if (r.TryValue("-b", out var b)) sector = b;
            else if (r.TryFlags("la", flags)) { }
            else throw new UsageException($"unknown option '{r.Peek}'");
        }
        return (operands, sector, string.Concat(flags));
    }

    [Fact]
    public void ShortOptionTakesTheNextArgumentOrAGluedValue()
    {
        Assert.Equal("4096", Read("-b", "4096", "disk.img").Sector);
        Assert.Equal("4096", Read("-b4096", "disk.img").Sector);
        Assert.Equal(["disk.img"], Read("disk.img", "-b", "512").Operands);
        Assert.Equal("-b needs a value", Assert.Throws<UsageException>(() => Read("disk.img", "-b")).Message);
    }

    [Fact]
    public void FlagClustersAreSplitAndUnknownLettersRefused()
    {
        Assert.Equal("al", Read("-la", "x").Flags);
        Assert.Equal("l", Read("-l", "x", "-l").Flags);
        Assert.Equal("unknown option '-lz'", Assert.Throws<UsageException>(() => Read("-lz", "x")).Message);
        Assert.Equal("unknown option '--long'", Assert.Throws<UsageException>(() => Read("--long")).Message);
    }

    [Fact]
    public void DoubleDashMakesEverythingAfterItAnOperand()
    {
        var (operands, sector, flags) = Read("-l", "--", "-b", "-la", "--");
        Assert.Equal(["-b", "-la", "--"], operands);
        Assert.Null(sector);
        Assert.Equal("l", flags);
        Assert.Empty(Read("--").Operands);
        Assert.Equal(["-"], Read("-").Operands);
    }

    [Fact]
    public void LongOptionsKeepTheirSpellings()
    {
        var r = new ArgReader(["--append=", "--kernel", "k", "--initrd=a=b"]);
        Assert.True(r.TryValue("--append", out var a));
        Assert.Equal("", a);
        Assert.True(r.TryValue("--kernel", out var k));
        Assert.Equal("k", k);
        Assert.False(r.TryValue("--init", out _));
        Assert.True(r.TryValue("--initrd", out var i));
        Assert.Equal("a=b", i);
        Assert.True(r.Done);
    }
}
