using LinuxBootSharp.CommandLine;
using System.Diagnostics;
using LinuxBootSharp.Boards;
using LinuxBootSharp.Initramfs;

namespace LinuxBootSharp.Mkinitramfs;

/// <summary>
/// `lbs-mkinitramfs`: builds the flash initramfs for a board (deterministic newc cpio), compresses
/// it, and prints the size report against the board's budget; exit 1 when over budget.
/// </summary>
public sealed class MkinitramfsCommand
{
    public const string Usage = "lbs-mkinitramfs --board NAME --lbs PATH --modules DIR --out FILE [--compress xz|zstd|none] [--add SRC:DEST]... [--no-budget]";

    public static int Run(string[] args)
    {
        string? boardName = null, lbs = null, modules = null, output = null;
        string compress = "xz";
        bool enforce = true;
        var extra = new List<(string Src, string Dest)>();
        try
        {
            var r = new ArgReader(args);
            while (!r.Done)
            {
                if (r.TryValue("--board", out var b)) boardName = b;
                else if (r.TryValue("--lbs", out var l)) lbs = l;
                else if (r.TryValue("--modules", out var m)) modules = m;
                else if (r.TryValue("--out", out var o)) output = o;
                else if (r.TryValue("--compress", out var c)) compress = c is "xz" or "zstd" or "none" ? c : throw new UsageException($"--compress {c}: use xz, zstd or none");
                else if (r.TryValue("--add", out var a))
                {
                    int colon = a.LastIndexOf(':');
                    if (colon <= 0)
                        throw new UsageException($"--add {a}: expected SRC:DEST");
                    extra.Add((a[..colon], a[(colon + 1)..]));
                }
                else if (r.TryFlag("--no-budget")) enforce = false;
                else throw new UsageException($"unknown argument '{r.Peek}'");
            }
            if (boardName is null || lbs is null || output is null)
                throw new UsageException("--board, --lbs and --out are required");
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"lbs-mkinitramfs: {e.Message}\nusage: {Usage}");
            return 2;
        }
        var board = BoardCatalog.Find(boardName);
        if (board is null)
        {
            Console.Error.WriteLine($"lbs-mkinitramfs: no board profile named '{boardName}' (have: {string.Join(", ", BoardCatalog.All.Select(p => p.Name))})");
            return 2;
        }
        try
        {
            var lbsBytes = File.ReadAllBytes(lbs);
            // The userland image (for its own budget line) and the full one share every member but the modules.
            var extraEntries = extra.Select(x => CpioEntry.File(x.Dest, File.ReadAllBytes(x.Src), (uint)File.GetUnixFileMode(x.Src) & 0xFFF)).ToList();
            var userland = new InitramfsBuilder().AddBase(lbsBytes);
            var full = new InitramfsBuilder().AddBase(lbsBytes);
            foreach (var e in extraEntries)
            {
                userland.Add(e);
                full.Add(e);
            }
            IReadOnlyList<string> moduleFiles = [];
            if (board.Modules.Count > 0)
            {
                if (modules is null)
                    throw new UsageException($"board {board.Name} loads modules: --modules DIR (lib/modules/VERSION) is required");
                moduleFiles = new ModuleResolver(modules).Resolve(board.Modules);
                full.AddModules(modules, moduleFiles);
            }
            var raw = full.ToArray();
            var packed = Compress(raw, compress);
            File.WriteAllBytes(output, packed);
            var userlandXz = Compress(userland.ToArray(), "xz").Length;
            var fullXz = compress == "xz" ? packed.Length : Compress(raw, "xz").Length;

            Console.WriteLine($"initramfs {output} for board {board.Name}:");
            Console.WriteLine($"  lbs binary         {lbsBytes.Length,10} bytes   budget {board.Budget.LbsBytes,10}  {Verdict(lbsBytes.Length, board.Budget.LbsBytes)}");
            Console.WriteLine($"  userland, xz       {userlandXz,10} bytes   budget {board.Budget.UserlandXzBytes,10}  {Verdict(userlandXz, board.Budget.UserlandXzBytes)}");
            Console.WriteLine($"  modules            {moduleFiles.Count,10} files   ({string.Join(" ", moduleFiles.Select(f => Path.GetFileName(f)))})");
            Console.WriteLine($"  whole image, xz    {fullXz,10} bytes   budget {board.Budget.InitramfsXzBytes,10}  {Verdict(fullXz, board.Budget.InitramfsXzBytes)}");
            Console.WriteLine($"  written ({compress}) {packed.Length,10} bytes, uncompressed {raw.Length} bytes");
            bool over = lbsBytes.Length > board.Budget.LbsBytes || userlandXz > board.Budget.UserlandXzBytes || fullXz > board.Budget.InitramfsXzBytes;
            if (over && enforce)
            {
                Console.Error.WriteLine($"lbs-mkinitramfs: over the flash budget of board {board.Name} (see report above)");
                return 1;
            }
            return 0;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UsageException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"lbs-mkinitramfs: {e.Message}");
            return 1;
        }
    }

    private static string Verdict(long value, long budget) => value <= budget ? $"ok ({100.0 * value / budget:0}%)" : $"OVER by {value - budget}";

    /// <summary>
    /// xz with a CRC32 check (the kernel's xz decoder supports only CRC32 and no check,
    /// Documentation/staging/xz.rst) and the x86 BCJ filter, which the kernel's decoder
    /// supports (lib/xz/xz_dec_bcj.c) and which makes lbs and the modules ~2% smaller. zstd -19.
    /// </summary>
    private static byte[] Compress(byte[] data, string how)
    {
        if (how == "none")
            return data;
        var psi = how == "xz"
            ? new ProcessStartInfo("xz", ["--check=crc32", "--x86", "--lzma2=preset=9e", "-T1", "-c"])
            : new ProcessStartInfo("zstd", ["-19", "-q", "-c"]);
        psi.RedirectStandardInput = true;
        psi.RedirectStandardOutput = true;
        using var p = Process.Start(psi) ?? throw new IOException($"cannot start {how}");
        var outTask = Task.Run(() =>
        {
            var ms = new MemoryStream();
            p.StandardOutput.BaseStream.CopyTo(ms);
            return ms.ToArray();
        });
        p.StandardInput.BaseStream.Write(data);
        p.StandardInput.Close();
        var result = outTask.Result;
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new IOException($"{how} exited with status {p.ExitCode}");
        return result;
    }
}
