using System.Buffers.Binary;
using System.Text;

namespace LinuxBootSharp.BootConfig.Tests;

/// <summary>
/// Builds a minimal valid PE32+ image (MS-DOS header, PE signature, COFF header, PE32+ optional
/// header with 16 data directories, section table, file-aligned section data), like the EFI stub
/// a UKI is made from, with the sections the test asks for.
/// </summary>
public sealed class UkiTestImage
{
    public const int PeOffset = 0x40;
    public const int FileAlignment = 0x200;
    public const int SectionAlignment = 0x1000;
    public const int OptionalHeaderSize = 240;
    public const int SectionTableOffset = PeOffset + 4 + 20 + OptionalHeaderSize;

    public required byte[] Bytes { get; init; }

    /// <summary>Section name → (file offset, content length).</summary>
    public required Dictionary<string, (long Offset, long Length)> Ranges { get; init; }

    public static int SectionHeaderOffset(int index) => SectionTableOffset + index * 40;

    public static UkiTestImage Build(Dictionary<string, byte[]> sections, ushort machine = 0x8664)
    {
        // Sections keep the order given; a .text stub always comes first, as in systemd's stub.
        var all = new List<(string Name, byte[] Data)> { (".text", [0xC3]) };
        all.AddRange(sections.Select(kv => (kv.Key, kv.Value)));
        int headers = Align(SectionTableOffset + all.Count * 40, FileAlignment);
        var offsets = new List<int>();
        int file = headers, rva = SectionAlignment;
        var rvas = new List<int>();
        foreach (var (_, data) in all)
        {
            offsets.Add(file);
            rvas.Add(rva);
            file += Align(data.Length, FileAlignment);
            rva += Align(Math.Max(data.Length, 1), SectionAlignment);
        }
        var b = new byte[file];
        var s = b.AsSpan();
        s[0] = (byte)'M';
        s[1] = (byte)'Z';
        BinaryPrimitives.WriteUInt32LittleEndian(s[0x3C..], PeOffset);
        "PE\0\0"u8.CopyTo(s[PeOffset..]);
        var coff = s[(PeOffset + 4)..];
        BinaryPrimitives.WriteUInt16LittleEndian(coff, machine);
        BinaryPrimitives.WriteUInt16LittleEndian(coff[2..], (ushort)all.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(coff[16..], OptionalHeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(coff[18..], 0x0022); // executable, large-address aware
        var opt = s[(PeOffset + 24)..];
        BinaryPrimitives.WriteUInt16LittleEndian(opt, 0x20B); // PE32+
        BinaryPrimitives.WriteUInt32LittleEndian(opt[16..], (uint)rvas[0]); // AddressOfEntryPoint: the stub's ret
        BinaryPrimitives.WriteUInt32LittleEndian(opt[20..], (uint)rvas[0]); // BaseOfCode
        BinaryPrimitives.WriteUInt32LittleEndian(opt[32..], SectionAlignment);
        BinaryPrimitives.WriteUInt32LittleEndian(opt[36..], FileAlignment);
        BinaryPrimitives.WriteUInt32LittleEndian(opt[56..], (uint)rva); // SizeOfImage
        BinaryPrimitives.WriteUInt32LittleEndian(opt[60..], (uint)headers); // SizeOfHeaders
        BinaryPrimitives.WriteUInt16LittleEndian(opt[68..], 10); // EFI application
        BinaryPrimitives.WriteUInt32LittleEndian(opt[108..], 16); // NumberOfRvaAndSizes
        var ranges = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        for (int i = 0; i < all.Count; i++)
        {
            var h = s[SectionHeaderOffset(i)..];
            Encoding.ASCII.GetBytes(all[i].Name).CopyTo(h);
            BinaryPrimitives.WriteUInt32LittleEndian(h[8..], (uint)all[i].Data.Length); // VirtualSize
            BinaryPrimitives.WriteUInt32LittleEndian(h[12..], (uint)rvas[i]);
            BinaryPrimitives.WriteUInt32LittleEndian(h[16..], (uint)Align(all[i].Data.Length, FileAlignment)); // SizeOfRawData
            BinaryPrimitives.WriteUInt32LittleEndian(h[20..], (uint)offsets[i]); // PointerToRawData
            BinaryPrimitives.WriteUInt32LittleEndian(h[36..], i == 0 ? 0x60000020u : 0x40000040u); // code|exec|read, data|read
            all[i].Data.CopyTo(s[offsets[i]..]);
            ranges[all[i].Name] = (offsets[i], all[i].Data.Length);
        }
        return new UkiTestImage { Bytes = b, Ranges = ranges };
    }

    private static int Align(int v, int a) => (v + a - 1) / a * a;
}
