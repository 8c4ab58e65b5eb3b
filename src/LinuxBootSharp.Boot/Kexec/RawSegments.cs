using System.Globalization;
using System.Runtime.InteropServices;
using LinuxBootSharp.Interop;

namespace LinuxBootSharp.Boot.Kexec;

/// <summary>One `--segment FILE@ADDR[:MEMSZ]`: a file placed at a physical address, unparsed.</summary>
public sealed record RawSegment(string File, ulong Address, ulong MemorySize);

/// <summary>
/// The raw mode of `lbs kexec`: segments handed to kexec_load(2) as they are, with an entry
/// address, for prototyping image formats. On x86_64 the kernel copies the segments and jumps to
/// the entry in 64-bit mode, with interrupts off, every general register zero, paging on and an
/// identity map that covers RAM and every segment, and a stack at the end of its control page
/// (arch/x86/kernel/relocate_kernel_64.S identity_mapped, machine_kexec_64.c init_pgtable). There
/// is no purgatory and no boot_params: the image is on its own. kexec_load wants page-aligned
/// addresses and sizes (kernel/kexec_core.c sanity_check_segment_list), at most 16 segments.
/// </summary>
public static class RawSegments
{
    public const ulong PageSize = 4096;

    /// <summary>"FILE@ADDR" or "FILE@ADDR:MEMSZ"; numbers in C notation (0x.., or decimal), as kexec-tools' strtoul(.., 0).</summary>
    public static RawSegment Parse(string spec)
    {
        int at = spec.LastIndexOf('@');
        if (at <= 0)
            throw new BootLoadException($"--segment {spec}: expected FILE@ADDR[:MEMSZ]");
        var file = spec[..at];
        var rest = spec[(at + 1)..];
        int colon = rest.IndexOf(':');
        var addr = Number(colon < 0 ? rest : rest[..colon], spec, "address");
        if (addr % PageSize != 0)
            throw new BootLoadException($"--segment {spec}: address 0x{addr:x} is not page-aligned (kexec_load needs 4096-byte alignment)");
        ulong memsz = 0;
        if (colon >= 0)
        {
            memsz = Number(rest[(colon + 1)..], spec, "memory size");
            if (memsz % PageSize != 0)
                throw new BootLoadException($"--segment {spec}: memory size 0x{memsz:x} is not a multiple of 4096");
        }
        return new RawSegment(file, addr, memsz);
    }

    public static ulong Number(string s, string spec, string what)
    {
        bool hex = s.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        if (ulong.TryParse(hex ? s[2..] : s, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out var v))
            return v;
        throw new BootLoadException($"{spec}: bad {what} '{s}' (a number: 0x1000000 or 16777216)");
    }

    /// <summary>Reads every file, checks the layout, and calls kexec_load. Returns a line per segment for the log.</summary>
    public static List<string> Load(IReadOnlyList<RawSegment> segments, ulong entry, ulong flags, bool dryRun = false)
    {
        if (segments.Count == 0)
            throw new BootLoadException("raw mode needs at least one --segment FILE@ADDR");
        if (segments.Count > KexecLoad.MaxSegments)
            throw new BootLoadException($"{segments.Count} segments: kexec_load takes at most {KexecLoad.MaxSegments}");
        var datas = new List<byte[]>();
        var lines = new List<string>();
        var placed = new List<(ulong Start, ulong End, string File)>();
        bool entryInside = false;
        foreach (var s in segments)
        {
            byte[] data;
            try
            {
                data = File.ReadAllBytes(s.File);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new BootLoadException($"--segment {s.File}: cannot read: {e.Message}", e);
            }
            ulong mem = s.MemorySize != 0 ? s.MemorySize : ((ulong)data.Length + PageSize - 1) / PageSize * PageSize;
            if (mem == 0)
                mem = PageSize;
            if ((ulong)data.Length > mem)
                throw new BootLoadException($"--segment {s.File}: {data.Length} bytes do not fit in the memory size 0x{mem:x}");
            foreach (var p in placed)
                if (s.Address < p.End && p.Start < s.Address + mem)
                    throw new BootLoadException($"--segment {s.File}@0x{s.Address:x}: overlaps {p.File} at 0x{p.Start:x}-0x{p.End:x}");
            placed.Add((s.Address, s.Address + mem, s.File));
            entryInside |= entry >= s.Address && entry < s.Address + mem;
            datas.Add(data);
            lines.Add($"segment {s.File}: {data.Length} bytes at 0x{s.Address:x}, memory 0x{mem:x}");
        }
        if (!entryInside)
            lines.Add($"warning: entry 0x{entry:x} lies in none of the segments");
        if (dryRun)
            return lines;
        var handles = datas.Select(d => GCHandle.Alloc(d, GCHandleType.Pinned)).ToList();
        try
        {
            var segs = new KexecLoad.Segment[segments.Count];
            for (int i = 0; i < segs.Length; i++)
                segs[i] = new KexecLoad.Segment
                {
                    Buffer = handles[i].AddrOfPinnedObject(),
                    BufferSize = (nuint)datas[i].Length,
                    Memory = (nuint)placed[i].Start,
                    MemorySize = (nuint)(placed[i].End - placed[i].Start),
                };
            KexecLoad.Load(entry, segs, flags | KexecLoad.ArchX86_64);
        }
        catch (ErrnoException e)
        {
            throw new KexecRefusedException($"kexec_load failed: {e.Errno} ({ErrnoText.Describe(e.Errno)}){Explain(e.Errno)}", e.Errno, e);
        }
        finally
        {
            foreach (var h in handles)
                h.Free();
        }
        return lines;
    }

    /// <summary>kernel/kexec.c and kexec_core.c errors of kexec_load.</summary>
    private static string Explain(Errno e) => e switch
    {
        Errno.EADDRNOTAVAIL => ": a segment lies outside the memory kexec may use (or is not page-aligned)",
        Errno.EINVAL => ": bad segment layout (overlap, size, or too many pages)",
        Errno.EPERM => ": not permitted (needs CAP_SYS_BOOT; kexec_load_disabled, or lockdown forbids kexec_load)",
        Errno.EBUSY => ": another kexec load is in progress",
        Errno.ENOMEM => ": not enough memory for the segments",
        _ => "",
    };
}
