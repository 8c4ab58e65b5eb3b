using System.Buffers.Binary;
using System.Text;

namespace LinuxBootSharp.BootConfig.Uki;

/// <summary>
/// Reads the headers and section table of a PE/COFF image (Microsoft PE format specification)
/// from a seekable stream. Never throws for bad input: problems become <see cref="Problems"/>
/// and only sections whose contents lie wholly inside the file are listed.
/// </summary>
public sealed class PeFile
{
    // MS-DOS stub: "MZ" at 0, e_lfanew (offset of the PE signature) at 0x3C.
    private const int DosMagicOffset = 0;
    private const ushort DosMagic = 0x5A4D; // "MZ"
    private const int LfanewOffset = 0x3C;
    private const int DosHeaderSize = 0x40;

    // "PE\0\0" then the COFF file header (20 bytes).
    private const uint PeSignature = 0x00004550;
    private const int CoffMachineOffset = 0;
    private const int CoffNumberOfSectionsOffset = 2;
    private const int CoffSizeOfOptionalHeaderOffset = 16;
    private const int CoffHeaderSize = 20;

    // Optional header magic: PE32 and PE32+.
    private const ushort Pe32Magic = 0x10B;
    private const ushort Pe32PlusMagic = 0x20B;

    // Section header fields (40 bytes each).
    private const int SectionHeaderSize = 40;
    private const int SectionNameLength = 8;
    private const int SectionVirtualSizeOffset = 8;
    private const int SectionVirtualAddressOffset = 12;
    private const int SectionSizeOfRawDataOffset = 16;
    private const int SectionPointerToRawDataOffset = 20;

    /// <summary>"Note that the Windows loader limits the number of sections to 96" (COFF File Header).</summary>
    public const int MaxSections = 96;

    /// <summary>Headers larger than this are not a real image (e_lfanew is normally &lt; 512).</summary>
    public const int MaxHeaderBytes = 1 << 20;

    public ushort Machine { get; private set; }
    public bool IsPe32Plus { get; private set; }
    public List<PeSection> Sections { get; } = [];

    /// <summary>What was wrong, as "at byte N: ..." sentences; empty for a clean image.</summary>
    public List<string> Problems { get; } = [];

    /// <summary>False when the headers could not be read at all (not a PE file).</summary>
    public bool IsValid { get; private set; }

    public PeSection? Find(string name) => Sections.FirstOrDefault(s => s.Name == name);

    public static PeFile Read(Stream s)
    {
        var pe = new PeFile();
        try
        {
            pe.ReadHeaders(s);
        }
        catch (IOException e)
        {
            pe.Problems.Add($"read error: {e.Message}");
            pe.IsValid = false;
        }
        return pe;
    }

    private void ReadHeaders(Stream s)
    {
        long fileLength = s.Length;
        Span<byte> dos = stackalloc byte[DosHeaderSize];
        if (!ReadAt(s, 0, dos))
        {
            Problems.Add($"file is {fileLength} bytes, too short for an MS-DOS header");
            return;
        }
        if (BinaryPrimitives.ReadUInt16LittleEndian(dos[DosMagicOffset..]) != DosMagic)
        {
            Problems.Add("at byte 0: no MZ signature");
            return;
        }
        uint lfanew = BinaryPrimitives.ReadUInt32LittleEndian(dos[LfanewOffset..]);
        if (lfanew > MaxHeaderBytes || lfanew + 4L + CoffHeaderSize > fileLength)
        {
            Problems.Add($"at byte {LfanewOffset}: PE header offset {lfanew} lies outside the {fileLength}-byte file");
            return;
        }
        Span<byte> nt = stackalloc byte[4 + CoffHeaderSize + 2];
        if (!ReadAt(s, lfanew, nt) || BinaryPrimitives.ReadUInt32LittleEndian(nt) != PeSignature)
        {
            Problems.Add($"at byte {lfanew}: no PE signature");
            return;
        }
        var coff = nt[4..];
        Machine = BinaryPrimitives.ReadUInt16LittleEndian(coff[CoffMachineOffset..]);
        int sections = BinaryPrimitives.ReadUInt16LittleEndian(coff[CoffNumberOfSectionsOffset..]);
        int optSize = BinaryPrimitives.ReadUInt16LittleEndian(coff[CoffSizeOfOptionalHeaderOffset..]);
        ushort magic = BinaryPrimitives.ReadUInt16LittleEndian(coff[CoffHeaderSize..]);
        IsPe32Plus = magic == Pe32PlusMagic;
        if (optSize < 2 || magic is not (Pe32Magic or Pe32PlusMagic))
            Problems.Add($"at byte {lfanew + 4 + CoffHeaderSize}: optional header magic 0x{magic:x} is neither PE32 nor PE32+");
        if (sections > MaxSections)
        {
            Problems.Add($"at byte {lfanew + 4 + CoffNumberOfSectionsOffset}: {sections} sections, more than the limit of {MaxSections}; only the first {MaxSections} are read");
            sections = MaxSections;
        }

        long tableOffset = lfanew + 4L + CoffHeaderSize + optSize;
        long tableEnd = tableOffset + (long)sections * SectionHeaderSize;
        if (tableEnd > fileLength)
        {
            Problems.Add($"at byte {tableOffset}: section table of {sections} entries runs past the end of the {fileLength}-byte file");
            sections = (int)Math.Max(0, (fileLength - tableOffset) / SectionHeaderSize);
        }
        var table = new byte[sections * SectionHeaderSize];
        if (!ReadAt(s, tableOffset, table))
        {
            Problems.Add($"at byte {tableOffset}: cannot read the section table");
            return;
        }
        IsValid = true;
        for (int i = 0; i < sections; i++)
        {
            var h = table.AsSpan(i * SectionHeaderSize, SectionHeaderSize);
            var name = Encoding.ASCII.GetString(h[..SectionNameLength]).TrimEnd('\0');
            uint vsize = BinaryPrimitives.ReadUInt32LittleEndian(h[SectionVirtualSizeOffset..]);
            uint vaddr = BinaryPrimitives.ReadUInt32LittleEndian(h[SectionVirtualAddressOffset..]);
            uint rawSize = BinaryPrimitives.ReadUInt32LittleEndian(h[SectionSizeOfRawDataOffset..]);
            uint rawPtr = BinaryPrimitives.ReadUInt32LittleEndian(h[SectionPointerToRawDataOffset..]);
            long at = tableOffset + (long)i * SectionHeaderSize;
            if (rawSize == 0)
            {
                // Uninitialised data (.bss): no bytes in the file.
                Sections.Add(new PeSection(name, vaddr, vsize, rawSize, rawPtr, 0));
                continue;
            }
            if ((long)rawPtr + rawSize > fileLength)
            {
                Problems.Add($"at byte {at}: section {name} claims {rawSize} bytes at {rawPtr}, past the end of the {fileLength}-byte file; section ignored");
                continue;
            }
            // SizeOfRawData is VirtualSize rounded up to FileAlignment; the real content length
            // is VirtualSize. A VirtualSize above SizeOfRawData means the loader zero-fills the
            // rest in memory; only the bytes the file holds can be handed to kexec.
            long length = vsize == 0 ? rawSize : Math.Min(vsize, rawSize);
            if (vsize > rawSize)
                Problems.Add($"at byte {at}: section {name} VirtualSize {vsize} exceeds SizeOfRawData {rawSize}; using the {rawSize} bytes in the file");
            Sections.Add(new PeSection(name, vaddr, vsize, rawSize, rawPtr, length));
        }
    }

    private static bool ReadAt(Stream s, long offset, Span<byte> buffer)
    {
        if (offset < 0 || offset + buffer.Length > s.Length)
            return false;
        s.Position = offset;
        s.ReadExactly(buffer);
        return true;
    }

    /// <summary>Reads a section's content, refusing more than <paramref name="maxBytes"/>.</summary>
    public static byte[]? ReadSection(Stream s, PeSection section, int maxBytes)
    {
        if (section.Length > maxBytes)
            return null;
        var buf = new byte[section.Length];
        return ReadAt(s, section.FileOffset, buf) ? buf : null;
    }
}
