using System.Buffers.Binary;
using System.Text;

namespace LinuxBootSharp.Initramfs;

/// <summary>
/// The ".modinfo" section of a kernel module (an ELF64 relocatable object): NUL-separated
/// "key=value" strings written by MODULE_INFO() (include/linux/moduleparam.h), among them
/// "name=" and "depends=" (added by scripts/mod/modpost.c). Reading it ourselves means the
/// build needs no modules.dep, which Debian's kernel package does not ship.
/// </summary>
public sealed class KernelModuleInfo
{
    // ELF64 header (include/uapi/linux/elf.h, Elf64_Ehdr)
    private const int EShoffOffset = 0x28;
    private const int EShentsizeOffset = 0x3A;
    private const int EShnumOffset = 0x3C;
    private const int EShstrndxOffset = 0x3E;
    private const int Elf64ShdrSize = 64;
    // Elf64_Shdr
    private const int ShNameOffset = 0;
    private const int ShOffsetOffset = 0x18;
    private const int ShSizeOffset = 0x20;

    private KernelModuleInfo(string path, IReadOnlyList<KeyValuePair<string, string>> fields)
    {
        Path = path;
        Fields = fields;
    }

    public string Path { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Fields { get; }

    public string? Get(string key) => Fields.FirstOrDefault(f => f.Key == key).Value;

    /// <summary>Module name as the kernel knows it (underscores), from "name=" or the file name.</summary>
    public string Name => Get("name") ?? NormalizeName(System.IO.Path.GetFileName(Path).Split('.')[0]);

    public IReadOnlyList<string> Depends =>
        (Get("depends") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(NormalizeName).ToList();

    /// <summary>The kernel treats '-' and '_' in module names as the same (kernel/params.c: parameq).</summary>
    public static string NormalizeName(string name) => name.Replace('-', '_');

    public static KernelModuleInfo Read(string path)
    {
        if (FinitCompressed(path))
            throw new InvalidDataException($"{path}: compressed module; the initramfs builder reads only uncompressed .ko files (decompress first)");
        var elf = File.ReadAllBytes(path);
        return new KernelModuleInfo(path, ParseModinfo(elf, path));
    }

    private static bool FinitCompressed(string p) => p.EndsWith(".xz", StringComparison.Ordinal) || p.EndsWith(".zst", StringComparison.Ordinal) || p.EndsWith(".gz", StringComparison.Ordinal);

    public static List<KeyValuePair<string, string>> ParseModinfo(ReadOnlySpan<byte> elf, string path)
    {
        if (elf.Length < 64 || !elf[..4].SequenceEqual((ReadOnlySpan<byte>)[0x7f, (byte)'E', (byte)'L', (byte)'F']) || elf[4] != 2 /* ELFCLASS64 */ || elf[5] != 1 /* little-endian */)
            throw new InvalidDataException($"{path}: not a little-endian ELF64 kernel module");
        long shoff = BinaryPrimitives.ReadInt64LittleEndian(elf[EShoffOffset..]);
        int shentsize = BinaryPrimitives.ReadUInt16LittleEndian(elf[EShentsizeOffset..]);
        int shnum = BinaryPrimitives.ReadUInt16LittleEndian(elf[EShnumOffset..]);
        int shstrndx = BinaryPrimitives.ReadUInt16LittleEndian(elf[EShstrndxOffset..]);
        if (shentsize != Elf64ShdrSize || shoff <= 0 || shoff + (long)shnum * shentsize > elf.Length || shstrndx >= shnum)
            throw new InvalidDataException($"{path}: section header table at byte {shoff} ({shnum} entries) lies outside the file");
        var strtab = Section(elf, shoff, shstrndx, path);
        for (int i = 0; i < shnum; i++)
        {
            var sh = elf.Slice((int)(shoff + (long)i * Elf64ShdrSize), Elf64ShdrSize);
            int nameOff = BinaryPrimitives.ReadInt32LittleEndian(sh[ShNameOffset..]);
            if (nameOff < 0 || nameOff >= strtab.Length)
                continue;
            var nm = strtab[nameOff..];
            int z = nm.IndexOf((byte)0);
            if (z < 0 || !nm[..z].SequenceEqual(".modinfo"u8))
                continue;
            var data = Section(elf, shoff, i, path);
            var list = new List<KeyValuePair<string, string>>();
            foreach (var s in Encoding.UTF8.GetString(data).Split('\0', StringSplitOptions.RemoveEmptyEntries))
            {
                int eq = s.IndexOf('=');
                if (eq > 0)
                    list.Add(new(s[..eq], s[(eq + 1)..]));
            }
            return list;
        }
        throw new InvalidDataException($"{path}: no .modinfo section");
    }

    private static ReadOnlySpan<byte> Section(ReadOnlySpan<byte> elf, long shoff, int index, string path)
    {
        var sh = elf.Slice((int)(shoff + (long)index * Elf64ShdrSize), Elf64ShdrSize);
        long off = BinaryPrimitives.ReadInt64LittleEndian(sh[ShOffsetOffset..]);
        long size = BinaryPrimitives.ReadInt64LittleEndian(sh[ShSizeOffset..]);
        if (off < 0 || size < 0 || off + size > elf.Length)
            throw new InvalidDataException($"{path}: section {index} at byte {off} size {size} lies outside the file");
        return elf.Slice((int)off, (int)size);
    }
}
