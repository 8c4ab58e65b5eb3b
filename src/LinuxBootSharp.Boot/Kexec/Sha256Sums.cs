using System.Globalization;

namespace LinuxBootSharp.Boot.Kexec;

/// <summary>
/// Expected hashes for `--sha256 HEX` and `--sha256-file FILE`. The file is what `sha256sum`
/// writes (GNU coreutils, md5sum.c split_3): "HEX  NAME" (text mode) or "HEX *NAME" (binary
/// mode), one per line; a line starting with '\' has its NAME escaped ("\\n" newline, "\\\\"
/// backslash). As with `sha256sum --check`, a relative NAME is relative to the current
/// directory. Unlike it, a malformed line is an error naming the line, not a warning: a hash list
/// that is silently half-read would verify less than the user asked for.
/// </summary>
public sealed class Sha256Sums
{
    private readonly Dictionary<string, string> _byPath = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _byName = new(StringComparer.Ordinal);

    public int Count => _byPath.Count;

    /// <summary>64 hexadecimal digits, returned lower-case; anything else throws naming <paramref name="what"/>.</summary>
    public static string ParseHex(string hex, string what)
    {
        if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit))
            throw new BootLoadException($"{what}: '{hex}' is not a SHA-256 (64 hexadecimal digits)");
        return hex.ToLowerInvariant();
    }

    public static Sha256Sums Parse(string text, string file)
    {
        var sums = new Sha256Sums();
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#')
                continue;
            string where = $"{file}:{(i + 1).ToString(CultureInfo.InvariantCulture)}";
            bool escaped = line[0] == '\\';
            if (escaped)
                line = line[1..];
            // "HEX  NAME" or "HEX *NAME": the hash, one space, then ' ' or '*', then the name.
            if (line.Length < 67 || line[64] != ' ' || line[65] is not (' ' or '*'))
                throw new BootLoadException($"{where}: not a sha256sum line (expected 64 hex digits, two spaces or ' *', a file name)");
            var hex = ParseHex(line[..64], where);
            var name = line[66..];
            if (escaped)
                name = Unescape(name, where);
            var full = Path.GetFullPath(name);
            if (sums._byPath.TryGetValue(full, out var before) && before != hex)
                throw new BootLoadException($"{where}: {name} is listed twice with different hashes");
            sums._byPath[full] = hex;
            sums._byName[name] = hex;
        }
        if (sums.Count == 0)
            throw new BootLoadException($"{file}: no sha256sum lines");
        return sums;
    }

    private static string Unescape(string s, string where)
    {
        var sb = new System.Text.StringBuilder(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] != '\\')
            {
                sb.Append(s[i]);
                continue;
            }
            if (++i >= s.Length)
                throw new BootLoadException($"{where}: name ends in a lone backslash");
            sb.Append(s[i] switch
            {
                'n' => '\n',
                'r' => '\r',
                '\\' => '\\',
                _ => throw new BootLoadException($"{where}: unknown escape '\\{s[i]}' in the name"),
            });
        }
        return sb.ToString();
    }

    /// <summary>The expected hash of a file of the running system, or null when the list does not name it.</summary>
    public string? For(string hostPath) => _byPath.TryGetValue(Path.GetFullPath(hostPath), out var h) ? h : null;

    /// <summary>
    /// The expected hash of a file read from a disk in user space: listed by its display name
    /// ("/dev/sda2:/boot/vmlinuz") or by its path in that file system ("/boot/vmlinuz").
    /// </summary>
    public string? ForEntryFile(string display, string pathInFileSystem) =>
        _byName.TryGetValue(display, out var h) || _byName.TryGetValue(pathInFileSystem, out h) || _byName.TryGetValue(pathInFileSystem.TrimStart('/'), out h) ? h : null;
}
