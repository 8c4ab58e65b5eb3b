using System.Text;

namespace LinuxBootSharp.Storage;

/// <summary>Helpers every <see cref="IFileTree"/> user needs; bounded reads for config files.</summary>
public static class FileTree
{
    /// <summary>Same limit as Linux's MAXSYMLINKS (include/linux/namei.h: 40).</summary>
    public const int MaxSymlinkFollows = 40;

    /// <summary>Largest config file the parsers will read whole (16 MiB).</summary>
    public const long MaxConfigBytes = 16L << 20;

    /// <summary>
    /// Stat that never throws: null when the path does not exist and also when the file system
    /// cannot say; then <paramref name="error"/> is the reason, for callers that report it.
    /// </summary>
    public static FileStat? TryStat(this IFileTree tree, string path, out StorageException? error)
    {
        try
        {
            error = null;
            return tree.TryStat(path);
        }
        catch (StorageException e)
        {
            error = e;
            return null;
        }
    }

    public static bool FileExists(this IFileTree tree, string path) => tree.TryStat(path)?.Kind == FileKind.File;

    public static bool DirectoryExists(this IFileTree tree, string path) => tree.TryStat(path)?.Kind == FileKind.Directory;

    public static bool Exists(this IFileTree tree, string path) => tree.TryStat(path) is not null;

    /// <summary>Reads a whole file, refusing files larger than <paramref name="maxBytes"/>.</summary>
    public static byte[] ReadAllBytes(this IFileTree tree, string path, long maxBytes = MaxConfigBytes)
    {
        var st = tree.TryStat(path);
        if (st is null)
            FileTreeException.NotFound(tree.Identity.Device, path);
        if (st.Value.Kind != FileKind.File)
            FileTreeException.Throw(tree.Identity.Device, path, "not a regular file");
        if (st.Value.Size > maxBytes)
            FileTreeException.Throw(tree.Identity.Device, path, $"file is {st.Value.Size} bytes, more than the limit of {maxBytes}");
        using var s = tree.OpenRead(path);
        var buf = new byte[st.Value.Size];
        int n = s.ReadAtLeast(buf, buf.Length, throwOnEndOfStream: false);
        if (n < buf.Length)
            FileTreeException.Throw(tree.Identity.Device, path, $"file ended after {n} of {buf.Length} bytes");
        return buf;
    }

    /// <summary>Reads a text file as UTF-8 (invalid bytes become U+FFFD), dropping a BOM.</summary>
    public static string ReadAllText(this IFileTree tree, string path, long maxBytes = MaxConfigBytes)
    {
        var bytes = tree.ReadAllBytes(path, maxBytes);
        var span = bytes.AsSpan();
        if (span.StartsWith("\uFEFF"u8))
            span = span[3..];
        return Encoding.UTF8.GetString(span);
    }

    /// <summary>
    /// Splits an absolute or relative path into components, resolving "." and ".." lexically
    /// (".." above the root stays at the root, as in the kernel's path walk).
    /// </summary>
    public static List<string> SplitPath(string path)
    {
        var parts = new List<string>();
        foreach (var p in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (p == ".")
                continue;
            if (p == "..")
            {
                if (parts.Count > 0)
                    parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(p);
        }
        return parts;
    }

    /// <summary>Normalises to "/a/b/c".</summary>
    public static string Normalize(string path) => "/" + string.Join('/', SplitPath(path));

    /// <summary>Joins a directory and a possibly-relative path; an absolute <paramref name="path"/> wins.</summary>
    public static string Combine(string directory, string path) =>
        path.StartsWith('/') ? Normalize(path) : Normalize(directory + "/" + path);

    public static string GetDirectory(string path)
    {
        var parts = SplitPath(path);
        if (parts.Count == 0)
            return "/";
        parts.RemoveAt(parts.Count - 1);
        return "/" + string.Join('/', parts);
    }
}
