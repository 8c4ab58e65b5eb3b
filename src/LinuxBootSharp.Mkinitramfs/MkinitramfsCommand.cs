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
    public const string Usage = "lbs-mkinitramfs --board NAME --lbs PATH --modules DIR --out FILE [--layout DIR] [--compress xz|zstd|none] [--add SRC:DEST]... [--no-budget]";

    public static int Run(string[] args) => Run(args, Console.Out, Console.Error);

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        string? boardName = null, lbs = null, modules = null, output = null, layoutDir = null;
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
                else if (r.TryValue("--layout", out var d)) layoutDir = d;
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
            stderr.WriteLine($"lbs-mkinitramfs: {e.Message}\nusage: {Usage}");
            return 2;
        }
        var board = BoardCatalog.Find(boardName);
        if (board is null)
        {
            stderr.WriteLine($"lbs-mkinitramfs: no board profile named '{boardName}' (have: {string.Join(", ", BoardCatalog.All.Select(p => p.Name))})");
            return 2;
        }
        try
        {
            layoutDir ??= DefaultLayout() ?? throw new UsageException($"no {InitramfsLayout.BaseList} found in an initramfs/ folder above {AppContext.BaseDirectory} or the current folder: give --layout DIR");
            var unknown = InitramfsLayout.OverlayNames(layoutDir).Where(n => BoardCatalog.Find(n) is null).ToList();
            if (unknown.Count > 0)
                throw new UsageException($"{Path.Combine(layoutDir, InitramfsLayout.BoardsFolder)}: overlay for unknown board {string.Join(", ", unknown)} (have: {string.Join(", ", BoardCatalog.All.Select(p => p.Name))})");
            var layout = InitramfsLayout.Load(layoutDir, board.Name);
            var blacklist = ModuleBlacklist.FromLayout(layout);
            var lbsBytes = File.ReadAllBytes(lbs);
            // The userland image (for its own budget line) and the full one share every member but the modules.
            var extraEntries = extra.Select(x => CpioEntry.File(x.Dest, File.ReadAllBytes(x.Src), (uint)File.GetUnixFileMode(x.Src) & 0xFFF)).ToList();
            IReadOnlyList<string> moduleFiles = [];
            IReadOnlyList<BlacklistEntry> blacklisted = [];
            if (board.Modules.Count > 0)
            {
                if (modules is null)
                    throw new UsageException($"board {board.Name} loads modules: --modules DIR (lib/modules/VERSION) is required");
                moduleFiles = new ModuleResolver(modules).Resolve(board.Modules, blacklist, out blacklisted);
            }
            var userland = new InitramfsBuilder();
            userland.AddLayout(layout, new LayoutInputs(lbsBytes, null));
            var full = new InitramfsBuilder();
            full.AddLayout(layout, new LayoutInputs(lbsBytes, modules is null || board.Modules.Count == 0 ? null : new ModuleSet(modules, moduleFiles)));
            foreach (var e in extraEntries)
            {
                userland.Add(e);
                full.Add(e);
            }
            var raw = full.ToArray();
            var packed = Compress(raw, compress);
            File.WriteAllBytes(output, packed);
            var userlandXz = Compress(userland.ToArray(), "xz").Length;
            var fullXz = compress == "xz" ? packed.Length : Compress(raw, "xz").Length;

            var dataFiles = layout.DataFiles.ToList();
            stdout.WriteLine($"initramfs {output} for board {board.Name}:");
            stdout.WriteLine($"  lbs binary         {lbsBytes.Length,10} bytes   budget {board.Budget.LbsBytes,10}  {Verdict(lbsBytes.Length, board.Budget.LbsBytes)}");
            stdout.WriteLine($"  layout             {layout.DataBytes,10} bytes   {dataFiles.Count} files, {layout.Items.Count} members from {layoutDir} ({(layout.HasBoardOverlay ? $"base + overlay {InitramfsLayout.BoardsFolder}/{board.Name}" : "base, no board overlay")})");
            foreach (var o in layout.Overrides)
                stdout.WriteLine($"    /{o.Path}: {o.Board} overrides {o.Base}");
            if (extraEntries.Count > 0)
                stdout.WriteLine($"  --add              {extraEntries.Sum(e => (long)e.Data.Length),10} bytes   {extraEntries.Count} files");
            stdout.WriteLine($"  userland, xz       {userlandXz,10} bytes   budget {board.Budget.UserlandXzBytes,10}  {Verdict(userlandXz, board.Budget.UserlandXzBytes)}");
            stdout.WriteLine($"  modules            {moduleFiles.Count,10} files   {moduleFiles.Sum(f => new FileInfo(f).Length)} bytes ({string.Join(" ", moduleFiles.Select(f => Path.GetFileName(f)))})");
            foreach (var b in blacklisted)
                stdout.WriteLine($"    left out: {b}");
            stdout.WriteLine($"  whole image, xz    {fullXz,10} bytes   budget {board.Budget.InitramfsXzBytes,10}  {Verdict(fullXz, board.Budget.InitramfsXzBytes)}");
            stdout.WriteLine($"  written ({compress}) {packed.Length,10} bytes, uncompressed {raw.Length} bytes");
            bool over = lbsBytes.Length > board.Budget.LbsBytes || userlandXz > board.Budget.UserlandXzBytes || fullXz > board.Budget.InitramfsXzBytes;
            if (over && enforce)
            {
                stderr.WriteLine($"lbs-mkinitramfs: over the flash budget of board {board.Name} (see report above)");
                return 1;
            }
            return 0;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or LayoutFormatException or UsageException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"lbs-mkinitramfs: {e.Message}");
            return 1;
        }
    }

    /// <summary>The repository's initramfs/ folder: the first one holding a base list above the tool's
    /// own folder (build/artifacts/bin/...), else in the current folder (make runs from the root).</summary>
    private static string? DefaultLayout()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "initramfs", InitramfsLayout.BaseList)))
                return Path.Combine(d.FullName, "initramfs");
        var cwd = Path.Combine(Environment.CurrentDirectory, "initramfs");
        return File.Exists(Path.Combine(cwd, InitramfsLayout.BaseList)) ? cwd : null;
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
