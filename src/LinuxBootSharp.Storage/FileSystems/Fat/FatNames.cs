using System.Text;

namespace LinuxBootSharp.Storage;

/// <summary>Short (8.3) and long (VFAT) name handling (FAT spec sections 6 and 7).</summary>
internal static class FatNames
{
    /// <summary>"NO NAME" is what formatters write when there is no label; blkid reports none.</summary>
    public const string NoName = "NO NAME";

    /// <summary>NTRes bits Windows NT and Linux use for all-lowercase base / extension.</summary>
    public const byte LowerBase = 0x08;
    public const byte LowerExt = 0x10;

    public static string? TrimLabel(ReadOnlySpan<byte> raw)
    {
        var s = ShortText(raw).TrimEnd(' ', '\0');
        return s.Length == 0 || s == NoName ? null : s;
    }

    /// <summary>
    /// Short names are in an OEM code page; bytes above 0x7F are rare on boot media and are
    /// decoded as Latin-1 here rather than carrying code-page tables in the firmware image.
    /// </summary>
    public static string ShortText(ReadOnlySpan<byte> raw) => Encoding.Latin1.GetString(raw);

    /// <summary>"KERNEL  EFI" with case flags to "kernel.efi"; 0x05 in the first byte stands for 0xE5.</summary>
    public static string ShortName(ReadOnlySpan<byte> name11, byte ntRes)
    {
        Span<byte> n = stackalloc byte[11];
        name11.CopyTo(n);
        if (n[0] == 0x05)
            n[0] = 0xE5;
        var b = ShortText(n[..8]).TrimEnd(' ');
        var e = ShortText(n[8..]).TrimEnd(' ');
        if ((ntRes & LowerBase) != 0)
            b = b.ToLowerInvariant();
        if ((ntRes & LowerExt) != 0)
            e = e.ToLowerInvariant();
        return e.Length == 0 ? b : b + "." + e;
    }

    /// <summary>Checksum of the 11-byte short name that each long-name entry carries (FAT spec 7.2).</summary>
    public static byte Checksum(ReadOnlySpan<byte> name11)
    {
        byte sum = 0;
        foreach (var c in name11)
            sum = (byte)((((sum & 1) << 7) | (sum >> 1)) + c);
        return sum;
    }
}
