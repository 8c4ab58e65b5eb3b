namespace LinuxBootSharp.BootConfig.Uki;

/// <summary>
/// One PE/COFF section header (PE format, "Section Table (Section Headers)"), with the
/// byte range of its contents in the file already checked against the file length.
/// </summary>
/// <param name="Name">Section name, up to 8 bytes, NULs removed (".linux").</param>
/// <param name="FileOffset">PointerToRawData.</param>
/// <param name="Length">Bytes of content present in the file: VirtualSize (the unpadded size
/// UKI tools record) capped at SizeOfRawData (what the file really holds).</param>
public sealed record PeSection(string Name, uint VirtualAddress, uint VirtualSize, uint SizeOfRawData, long FileOffset, long Length);
