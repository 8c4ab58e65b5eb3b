using System.Text.Json;
using LinuxBootSharp.BootConfig.Bls;
using LinuxBootSharp.Tests.Shared;

namespace LinuxBootSharp.BootConfig.Tests;

public class BlsVersionTests
{
    public static TheoryData<string, string, string> Vectors()
    {
        var data = new TheoryData<string, string, string>();
        var path = Path.Combine(RepoPaths.Corpus, "uapi-specifications", "specs", "version_compare_vectors.json");
        if (!File.Exists(path))
        {
            data.Add("(corpus missing)", "==", "(corpus missing)");
            return data;
        }
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
            data.Add(c.GetProperty("a").GetString()!, c.GetProperty("op").GetString()!, c.GetProperty("b").GetString()!);
        return data;
    }

    [CorpusTheory]
    [MemberData(nameof(Vectors))]
    public void UapiVector(string a, string op, string b)
    {
        int expected = op switch { "<" => -1, "==" => 0, ">" => 1, _ => throw new ArgumentException(op) };
        Assert.Equal(expected, Math.Sign(UapiVersion.Compare(a, b)));
        // The order must be antisymmetric.
        Assert.Equal(-expected, Math.Sign(UapiVersion.Compare(b, a)));
    }

    [CorpusFact]
    public void AllThirtyThreeVectorsArePresent() => Assert.Equal(33, Vectors().Count);

    [Theory]
    [InlineData("5.10.0", "5.9.0", 1)]
    [InlineData("00123", "123", 0)]
    [InlineData("99999999999999999999999", "99999999999999999999998", 1)]
    [InlineData("1~rc1", "1", -1)]
    [InlineData("1^git", "1", 1)]
    [InlineData("1.a", "1.1", -1)]
    [InlineData("5.6.6-300.fc32.x86_64", "5.6.6-200.fc32.x86_64", 1)]
    [InlineData(null, "", 0)]
    public void KernelStyleVersions(string? a, string b, int expected) => Assert.Equal(expected, Math.Sign(UapiVersion.Compare(a, b)));
}
