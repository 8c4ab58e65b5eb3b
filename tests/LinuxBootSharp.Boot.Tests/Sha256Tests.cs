using System.Text;
using LinuxBootSharp.Boot.Kexec;

namespace LinuxBootSharp.Boot.Tests;

public sealed class Sha256Tests
{
    // FIPS 180-4 / NIST CSRC example vectors.
    [Theory]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    public void MatchesStandardVectors(string input, string expected) =>
        Assert.Equal(expected, Sha256.HashHex(Encoding.ASCII.GetBytes(input)));

    [Fact]
    public void MillionAs() =>
        Assert.Equal("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", Sha256.HashHex(Encoding.ASCII.GetBytes(new string('a', 1_000_000))));

    [Fact]
    public void ChunkingDoesNotChangeTheDigest()
    {
        var data = new byte[100_003];
        new Random(7).NextBytes(data);
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(data));
        foreach (int chunk in new[] { 1, 63, 64, 65, 4096, 99_999 })
        {
            var s = new Sha256();
            for (int i = 0; i < data.Length; i += chunk)
                s.Append(data.AsSpan(i, Math.Min(chunk, data.Length - i)));
            Assert.Equal(expected, Convert.ToHexStringLower(s.Finish()));
        }
    }
}
