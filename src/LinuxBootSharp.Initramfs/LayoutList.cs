using System.Globalization;

namespace LinuxBootSharp.Initramfs;

/// <summary>
/// Reads a layout list: the kernel's gen_init_cpio format (usr/gen_init_cpio.c, its usage text),
/// one member per line, fields separated by blanks or tabs, '#' starting a comment line:
/// <code>
/// file  NAME LOCATION MODE UID GID
/// dir   NAME MODE UID GID
/// nod   NAME MODE UID GID c|b MAJ MIN
/// slink NAME TARGET MODE UID GID
/// pipe  NAME MODE UID GID
/// sock  NAME MODE UID GID
/// </code>
/// MODE is octal (gen_init_cpio reads it with "%o"), UID/GID and MAJ/MIN decimal. NAME is the path
/// in the image; a leading '/' is optional, as in gen_init_cpio. Differences, each on purpose:
/// LOCATION is relative to the list's own folder and must stay inside the layout root (the layout is
/// self-contained), "${VAR}" expansion and hard links are refused (an image must not depend on
/// the environment of the build), and LOCATION may be a placeholder (<see cref="Placeholders"/>)
/// for what the builder supplies. Every error names the file and line.
/// </summary>
public static class LayoutList
{
    // dev_t as the kernel unpacks it: init/initramfs.c new_encode_dev(MKDEV(maj, min)) with
    // include/linux/kdev_t.h MINORBITS 20 and 12 major bits.
    private const uint MaxMajor = (1u << 12) - 1;
    private const uint MaxMinor = (1u << 20) - 1;
    private const uint MaxMode = 0xFFF; // 07777: permission and set-id/sticky bits; the type comes from the keyword

    /// <param name="text">The list's contents.</param>
    /// <param name="source">The name used in messages and in <see cref="LayoutItem.Source"/>.</param>
    /// <param name="locationBase">Folder that relative LOCATIONs resolve against (the list's folder).</param>
    /// <param name="root">LOCATIONs must resolve inside this folder (the layout root).</param>
    public static List<LayoutItem> Parse(string text, string source, string locationBase, string root)
    {
        var items = new List<LayoutItem>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        int lineNo = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNo++;
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#')
                continue;
            var f = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            var item = f[0] switch
            {
                "file" => ParseFile(f, source, lineNo, locationBase, fullRoot),
                "dir" => ParseSimple(LayoutKind.Directory, f, source, lineNo),
                "pipe" => ParseSimple(LayoutKind.Pipe, f, source, lineNo),
                "sock" => ParseSimple(LayoutKind.Socket, f, source, lineNo),
                "nod" => ParseNode(f, source, lineNo),
                "slink" => ParseSymlink(f, source, lineNo),
                _ => Fail(source, lineNo, $"unknown type '{f[0]}' (expected file, dir, nod, slink, pipe or sock)"),
            };
            if (seen.TryGetValue(item.Path, out var first))
                LayoutFormatException.Throw(source, lineNo, $"/{item.Path} is already defined at line {first}");
            seen[item.Path] = lineNo;
            items.Add(item);
        }
        return items;
    }

    private static LayoutItem ParseFile(string[] f, string source, int line, string locationBase, string root)
    {
        if (f.Length > 6)
            Fail(source, line, $"'{f[6]}': hard links are not supported (file takes NAME LOCATION MODE UID GID)");
        Fields(f, 6, source, line);
        var name = ImagePath(f[1], source, line);
        var loc = f[2];
        if (loc.StartsWith('@'))
        {
            if (!Placeholders.All.Contains(loc))
                Fail(source, line, $"unknown placeholder '{loc}' (known: {string.Join(", ", Placeholders.All)})");
        }
        else
        {
            if (loc.Contains("${", StringComparison.Ordinal))
                Fail(source, line, $"'{loc}': ${{VAR}} expansion is not supported: the image must not depend on the build's environment");
            if (Path.IsPathRooted(loc))
                Fail(source, line, $"'{loc}': LOCATION must be relative to the list's folder, so that the layout is self-contained");
            var full = Path.GetFullPath(Path.Combine(locationBase, loc));
            if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                Fail(source, line, $"'{loc}' lies outside the layout folder {root}");
            if (!File.Exists(full))
                Fail(source, line, $"'{loc}': no such file ({full})");
            loc = full;
        }
        return new LayoutItem(LayoutKind.File, name, Mode(f[3], source, line), Id(f[4], "UID", source, line), Id(f[5], "GID", source, line), source, line, Location: loc);
    }

    private static LayoutItem ParseSimple(LayoutKind kind, string[] f, string source, int line)
    {
        Fields(f, 5, source, line);
        return Simple(kind, f, source, line);
    }

    private static LayoutItem Simple(LayoutKind kind, string[] f, string source, int line) =>
        new(kind, ImagePath(f[1], source, line), Mode(f[2], source, line), Id(f[3], "UID", source, line), Id(f[4], "GID", source, line), source, line);

    private static LayoutItem ParseNode(string[] f, string source, int line)
    {
        Fields(f, 8, source, line);
        var b = Simple(LayoutKind.Node, f, source, line);
        if (f[5] is not ("c" or "b"))
            Fail(source, line, $"device type '{f[5]}': expected c (character) or b (block)");
        var major = Number(f[6], "MAJ", MaxMajor, source, line);
        var minor = Number(f[7], "MIN", MaxMinor, source, line);
        return b with { DeviceType = f[5][0], Major = major, Minor = minor };
    }

    private static LayoutItem ParseSymlink(string[] f, string source, int line)
    {
        Fields(f, 6, source, line);
        return new LayoutItem(LayoutKind.Symlink, ImagePath(f[1], source, line), Mode(f[3], source, line), Id(f[4], "UID", source, line), Id(f[5], "GID", source, line), source, line, Target: f[2]);
    }

    private static void Fields(string[] f, int expected, string source, int line)
    {
        if (f.Length < expected)
            Fail(source, line, $"{f[0]} takes {expected - 1} fields ({Grammar(f[0])}), found {f.Length - 1}");
        if (f.Length > expected)
            Fail(source, line, $"{f[0]} takes {expected - 1} fields ({Grammar(f[0])}), found {f.Length - 1}; a comment must be on a line of its own");
    }

    private static string Grammar(string kind) => kind switch
    {
        "file" => "NAME LOCATION MODE UID GID",
        "nod" => "NAME MODE UID GID c|b MAJ MIN",
        "slink" => "NAME TARGET MODE UID GID",
        _ => "NAME MODE UID GID",
    };

    /// <summary>The image path without its leading '/'; refuses empty, ".", ".." and empty components.</summary>
    public static string ImagePath(string name, string source, int line)
    {
        var p = name.StartsWith('/') ? name[1..] : name;
        if (p.Length == 0)
            Fail(source, line, "NAME is empty or '/' (the root exists already)");
        foreach (var part in p.Split('/'))
            if (part is "" or "." or "..")
                Fail(source, line, $"NAME '{name}': empty, '.' or '..' component");
        if (p.Contains('\0') || p.StartsWith('@'))
            Fail(source, line, $"NAME '{name}' is not a path (placeholders go in LOCATION)");
        return p.TrimEnd('/');
    }

    private static uint Mode(string s, string source, int line)
    {
        if (s.Length == 0 || s.Length > 5 || s.Any(c => c is < '0' or > '7'))
            Fail(source, line, $"MODE '{s}' is not an octal number");
        var v = Convert.ToUInt32(s, 8);
        if (v > MaxMode)
            Fail(source, line, $"MODE {s} exceeds 07777 (the type comes from the keyword, not the mode)");
        return v;
    }

    private static uint Id(string s, string what, string source, int line) => Number(s, what, uint.MaxValue, source, line);

    private static uint Number(string s, string what, uint max, string source, int line)
    {
        if (s.Any(c => c is < '0' or > '9') || !uint.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) || v > max)
            throw new LayoutFormatException(source, line, $"{what} '{s}' is not a decimal number up to {max}");
        return v;
    }

    private static LayoutItem Fail(string source, int line, string message) => throw new LayoutFormatException(source, line, message);
}
