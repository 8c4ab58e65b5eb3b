namespace LinuxBootSharp.Storage;

/// <summary>
/// Table-driven reflected CRC-32 in the two polynomials on-disk formats use: IEEE 802.3
/// (GPT headers and entry arrays, UEFI spec 5.3.2) and Castagnoli (ext4 metadata_csum).
/// System.IO.Hashing is a separate package, not worth it for two small tables.
/// </summary>
public static class Crc32
{
    private const uint IeeePolynomial = 0xEDB88320;
    private const uint CastagnoliPolynomial = 0x82F63B78;

    private static readonly uint[] IeeeTable = MakeTable(IeeePolynomial);
    private static readonly uint[] CastagnoliTable = MakeTable(CastagnoliPolynomial);

    private static uint[] MakeTable(uint poly)
    {
        var t = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++)
                c = (c & 1) != 0 ? poly ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }

    private static uint Update(uint[] table, uint crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
            crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    /// <summary>The standard CRC-32 (zlib's crc32(), GPT's CRC32).</summary>
    public static uint Ieee(ReadOnlySpan<byte> data) => ~Update(IeeeTable, 0xFFFFFFFF, data);

    /// <summary>
    /// The kernel's crc32c_le(seed, data): no final inversion. ext4 chains it from a seed of ~0
    /// (fs/ext4/ext4.h ext4_chksum), so callers pass and compare raw values.
    /// </summary>
    public static uint CastagnoliRaw(uint seed, ReadOnlySpan<byte> data) => Update(CastagnoliTable, seed, data);
}
