using System.Security.Cryptography;
using System.Text;
using LinuxBootSharp.Tests.Shared;

namespace LinuxBootSharp.Storage.Tests.Fixtures;

/// <summary>
/// Generated images under build/testdata, named by a hash of the recipe that makes them, so a
/// rerun reuses them and a changed recipe rebuilds. Building goes to a temporary name that is
/// renamed into place, so test classes running in parallel never see half an image.
/// </summary>
public static class ImageCache
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, Lazy<string>> InProcess = [];

    public static string Dir => Path.Combine(RepoPaths.TestData, "storage");

    /// <summary>Returns the path of the file made by <paramref name="build"/> (given a temp path to fill).</summary>
    public static string File(string name, string recipe, Action<string> build)
    {
        var path = Path.Combine(Dir, $"{name}-{Hash(recipe)}");
        Lazy<string> lazy;
        lock (Gate)
        {
            if (!InProcess.TryGetValue(path, out lazy!))
                InProcess[path] = lazy = new Lazy<string>(() => Build(path, build, isDirectory: false));
        }
        return lazy.Value;
    }

    /// <summary>Same for a directory (the generated source trees).</summary>
    public static string Directory(string name, string recipe, Action<string> build)
    {
        var path = Path.Combine(Dir, $"{name}-{Hash(recipe)}");
        Lazy<string> lazy;
        lock (Gate)
        {
            if (!InProcess.TryGetValue(path, out lazy!))
                InProcess[path] = lazy = new Lazy<string>(() => Build(path, build, isDirectory: true));
        }
        return lazy.Value;
    }

    private static string Build(string path, Action<string> build, bool isDirectory)
    {
        if (isDirectory ? System.IO.Directory.Exists(path) : System.IO.File.Exists(path))
            return path;
        System.IO.Directory.CreateDirectory(Dir);
        var tmp = $"{path}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            build(tmp);
            if (isDirectory)
                System.IO.Directory.Move(tmp, path);
            else
                System.IO.File.Move(tmp, path);
        }
        catch (IOException) when (isDirectory ? System.IO.Directory.Exists(path) : System.IO.File.Exists(path))
        {
            // Another test process won the race; its copy is identical.
        }
        finally
        {
            if (System.IO.File.Exists(tmp))
                System.IO.File.Delete(tmp);
            if (System.IO.Directory.Exists(tmp))
                System.IO.Directory.Delete(tmp, recursive: true);
        }
        return path;
    }

    public static string Hash(string recipe) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(recipe)))[..12];

    /// <summary>A sparse empty file of <paramref name="bytes"/>.</summary>
    public static void Sparse(string path, long bytes)
    {
        using var f = new FileStream(path, FileMode.Create, FileAccess.Write);
        f.SetLength(bytes);
    }

    /// <summary>Copies an image into a disk image at <paramref name="offset"/>, skipping zero blocks to keep it sparse.</summary>
    public static void Place(string disk, string image, long offset)
    {
        using var src = new FileStream(image, FileMode.Open, FileAccess.Read);
        using var dst = new FileStream(disk, FileMode.Open, FileAccess.Write);
        var buf = new byte[64 * 1024];
        long pos = 0;
        int n;
        while ((n = src.ReadAtLeast(buf, buf.Length, throwOnEndOfStream: false)) > 0)
        {
            if (buf.AsSpan(0, n).ContainsAnyExcept((byte)0))
            {
                dst.Position = offset + pos;
                dst.Write(buf, 0, n);
            }
            pos += n;
        }
    }

    /// <summary>Copies a cached image to a scratch file a test may corrupt.</summary>
    public static string ScratchCopy(string image, string tag)
    {
        var scratch = Path.Combine(Dir, "scratch");
        System.IO.Directory.CreateDirectory(scratch);
        var path = Path.Combine(scratch, $"{Path.GetFileName(image)}-{tag}-{Guid.NewGuid():N}");
        Tool.Run("cp", "--sparse=always", image, path);
        return path;
    }

    public static void Patch(string path, long offset, ReadOnlySpan<byte> bytes)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.Write);
        f.Position = offset;
        f.Write(bytes);
    }

    public static byte[] ReadAt(string path, long offset, int count)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.Read);
        f.Position = offset;
        var b = new byte[count];
        f.ReadExactly(b);
        return b;
    }
}
