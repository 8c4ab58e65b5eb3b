using LinuxBootSharp.Initramfs;

namespace LinuxBootSharp.Boot.Kexec;

/// <summary>
/// Secrets and seeds for the next kernel without touching a disk (`--append-cpio NAME=FILE|-`):
/// files held in memory and written as one newc archive after the initrds, inside the initrd
/// memfd. The kernel unpacks concatenated archives in order into its rootfs (init/initramfs.c
/// unpack_to_rootfs), so the next system finds them as ordinary files; nothing is written to any
/// file system on this side. A random seed at <see cref="RandomSeedPath"/> is added unless turned
/// off, for the next system's init to credit to its RNG (as systemd-random-seed does with its own
/// seed file). Members are mode 0600 in a 0700 /.lbs: they may be keys.
/// </summary>
public sealed class HandoffArchive
{
    public const string RandomSeedPath = ".lbs/random-seed";

    /// <summary>As systemd's random seed (src/random-seed/random-seed.c: 512 bytes by default).</summary>
    public const int RandomSeedBytes = 512;

    /// <summary>Limit on one member read from a file or stdin: this is for keys and seeds, not payloads.</summary>
    public const int MaxMemberBytes = 16 << 20;

    private readonly List<(string Name, byte[] Data)> _members = [];

    public IReadOnlyList<(string Name, byte[] Data)> Members => _members;

    /// <summary>Adds a member; <paramref name="name"/> is a path in the next rootfs ("/.lbs/key" or "etc/x").</summary>
    public void Add(string name, byte[] data)
    {
        var n = Normalize(name);
        if (_members.Any(m => m.Name == n))
            throw new BootLoadException($"--append-cpio {name}: named twice");
        if (data.Length > MaxMemberBytes)
            throw new BootLoadException($"--append-cpio {name}: {data.Length} bytes is over the {MaxMemberBytes >> 20} MiB limit for a hand-off file");
        _members.Add((n, data));
    }

    /// <summary>Adds <see cref="RandomSeedPath"/> with fresh bytes from the kernel's RNG, unless a member already has that name.</summary>
    public void AddRandomSeed()
    {
        if (_members.Any(m => m.Name == RandomSeedPath))
            return;
        var seed = new byte[RandomSeedBytes];
        using (var h = File.OpenHandle("/dev/urandom", FileMode.Open, FileAccess.Read))
        {
            int done = 0;
            while (done < seed.Length)
            {
                int n = RandomAccess.Read(h, seed.AsSpan(done), done);
                if (n <= 0)
                    throw new BootLoadException("/dev/urandom: short read for the random seed");
                done += n;
            }
        }
        _members.Add((RandomSeedPath, seed));
    }

    /// <summary>"NAME=FILE" or "NAME=-" (stdin), as --append-cpio takes it.</summary>
    public void AddFromArgument(string spec, Func<Stream> stdin)
    {
        int eq = spec.IndexOf('=');
        if (eq <= 0 || eq == spec.Length - 1)
            throw new BootLoadException($"--append-cpio {spec}: expected NAME=FILE or NAME=- (stdin)");
        var name = spec[..eq];
        var source = spec[(eq + 1)..];
        byte[] data;
        try
        {
            using var s = source == "-" ? stdin() : new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read);
            data = ReadBounded(s, $"--append-cpio {spec}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BootLoadException($"--append-cpio {spec}: cannot read {(source == "-" ? "stdin" : source)}: {e.Message}", e);
        }
        Add(name, data);
    }

    private static byte[] ReadBounded(Stream s, string what)
    {
        var ms = new MemoryStream();
        var buf = new byte[1 << 16];
        int n;
        while ((n = s.Read(buf, 0, buf.Length)) > 0)
        {
            if (ms.Length + n > MaxMemberBytes)
                throw new BootLoadException($"{what}: more than {MaxMemberBytes >> 20} MiB");
            ms.Write(buf, 0, n);
        }
        return ms.ToArray();
    }

    private static string Normalize(string name)
    {
        var parts = name.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || parts.Any(p => p is "." or ".."))
            throw new BootLoadException($"--append-cpio {name}: the name must be a path inside the next rootfs, without '.' or '..'");
        return string.Join('/', parts);
    }

    /// <summary>The archive: every parent directory once (0700), then the files (0600), then the trailer.</summary>
    public byte[] ToArray()
    {
        var ms = new MemoryStream();
        var w = new CpioWriter(ms, 0);
        var dirs = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (name, _) in _members)
        {
            var parts = name.Split('/');
            for (int i = 1; i < parts.Length; i++)
                dirs.Add(string.Join('/', parts[..i]));
        }
        foreach (var d in dirs)
            w.Write(CpioEntry.Directory(d, 0x1C0 /* 0700 */));
        foreach (var (name, data) in _members)
            w.Write(CpioEntry.File(name, data, 0x180 /* 0600 */));
        w.Finish();
        return ms.ToArray();
    }
}
