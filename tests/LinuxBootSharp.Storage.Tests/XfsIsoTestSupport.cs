using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using LinuxBootSharp.Tests.Shared;
using Microsoft.Win32.SafeHandles;

namespace LinuxBootSharp.Storage.Tests;

/// <summary>A read-only image file as an <see cref="IBlockReader"/> (pread through RandomAccess).</summary>
internal sealed class TestImageReader : IBlockReader
{
    private readonly SafeFileHandle _handle;

    public TestImageReader(string path)
    {
        _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        Length = RandomAccess.GetLength(_handle);
        Name = Path.GetFileName(path);
    }

    public string Name { get; }
    public long Length { get; }
    public int SectorSize => 512;

    public void ReadAt(long offset, Span<byte> buffer)
    {
        if (offset < 0 || offset > Length - buffer.Length)
            InvalidDiskFormatException.Throw("block device", Name, offset, $"read of {buffer.Length} bytes beyond the end ({Length} bytes)");
        int done = 0;
        while (done < buffer.Length)
        {
            int n = RandomAccess.Read(_handle, buffer[done..], offset + done);
            if (n <= 0)
                InvalidDiskFormatException.Throw("block device", Name, offset + done, "short read");
            done += n;
        }
    }

    public void Dispose() => _handle.Dispose();
}

/// <summary>A byte array as an <see cref="IBlockReader"/>, for corrupted copies of images.</summary>
internal sealed class TestMemoryReader(string name, byte[] data) : IBlockReader
{
    public string Name => name;
    public long Length => data.Length;
    public int SectorSize => 512;

    public void ReadAt(long offset, Span<byte> buffer)
    {
        if (offset < 0 || offset > data.Length - buffer.Length)
            InvalidDiskFormatException.Throw("memory", name, offset, $"read of {buffer.Length} bytes beyond the end ({data.Length} bytes)");
        data.AsSpan((int)offset, buffer.Length).CopyTo(buffer);
    }

    public void Dispose() { }
}

/// <summary>What a file tree is expected to contain: files with their bytes, directories, symlinks.</summary>
internal sealed class ExpectedTree
{
    public SortedDictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, string> Links { get; } = new(StringComparer.Ordinal);
    public SortedSet<string> Dirs { get; } = new(StringComparer.Ordinal) { "/" };

    /// <summary>Reads a host directory (the tree the image was generated from).</summary>
    public static ExpectedTree FromDirectory(string root)
    {
        var t = new ExpectedTree();
        void Walk(string host, string path)
        {
            foreach (var e in new DirectoryInfo(host).EnumerateFileSystemInfos())
            {
                var p = path == "/" ? "/" + e.Name : path + "/" + e.Name;
                if (e.LinkTarget is string target)
                    t.Links[p] = target;
                else if (e is DirectoryInfo)
                {
                    t.Dirs.Add(p);
                    Walk(e.FullName, p);
                }
                else
                    t.Files[p] = File.ReadAllBytes(e.FullName);
            }
        }
        Walk(root, "/");
        return t;
    }

    /// <summary>Children of one directory as (name, kind), sorted ordinally.</summary>
    public List<(string Name, FileKind Kind)> Children(string dir)
    {
        var prefix = dir == "/" ? "/" : dir + "/";
        bool Direct(string k) => k.Length > prefix.Length && k.StartsWith(prefix, StringComparison.Ordinal) && k.IndexOf('/', prefix.Length) < 0;
        var list = Files.Keys.Where(Direct).Select(k => (k[prefix.Length..], FileKind.File))
            .Concat(Dirs.Where(Direct).Select(k => (k[prefix.Length..], FileKind.Directory)))
            .Concat(Links.Keys.Where(Direct).Select(k => (k[prefix.Length..], FileKind.Symlink)))
            .ToList();
        list.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return list;
    }

    /// <summary>
    /// Asserts that <paramref name="tree"/> holds exactly this content: every directory lists the
    /// same names and kinds, every file reads back byte for byte, every symlink has the same target.
    /// </summary>
    public void AssertMatches(IFileTree tree, Func<string, string>? nameOnImage = null)
    {
        nameOnImage ??= p => p;
        foreach (var d in Dirs)
        {
            var actual = tree.ListDirectory(nameOnImage(d)).Select(e => (e.Name, e.Kind)).ToList();
            var expected = Children(d).Select(c => (nameOnImage(d == "/" ? "/" + c.Name : d + "/" + c.Name).Split('/')[^1], c.Kind)).ToList();
            expected.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
            Assert.Equal(expected, actual);
        }
        foreach (var (path, data) in Files)
        {
            var st = tree.TryStat(nameOnImage(path));
            Assert.True(st is { Kind: FileKind.File }, $"{path}: expected a file, got {st}");
            Assert.Equal(data.LongLength, st!.Value.Size);
            using var s = tree.OpenRead(nameOnImage(path));
            var got = new byte[data.Length];
            s.ReadExactly(got);
            Assert.Equal(0, s.Read(new byte[1]));
            Assert.True(data.AsSpan().SequenceEqual(got), $"{path}: content differs");
        }
        foreach (var (path, target) in Links)
            Assert.Equal(target, tree.ReadLink(nameOnImage(path)));
    }
}

/// <summary>Runs the real tools and caches their images under build/testdata.</summary>
internal static class ImageTools
{
    private static readonly Dictionary<string, Lazy<string>> Building = [];

    /// <summary>
    /// Returns the path of an image made by <paramref name="build"/> (which writes into the given
    /// scratch directory and returns the image file there), cached by a hash of
    /// <paramref name="recipe"/>. Built in a private temporary folder and renamed into place, so
    /// parallel test classes and concurrent test runs never see a half-written image.
    /// </summary>
    public static string Cached(string name, string recipe, Func<string, string> build)
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(name + "\n" + recipe)))[..16].ToLowerInvariant();
        var final = Path.Combine(RepoPaths.TestData, $"{name}-{hash}");
        Lazy<string> lazy;
        lock (Building)
        {
            if (!Building.TryGetValue(final, out lazy!))
                Building[final] = lazy = new Lazy<string>(() => BuildOnce(final, build));
        }
        return lazy.Value;
    }

    private static string BuildOnce(string final, Func<string, string> build)
    {
        if (Directory.Exists(final))
            return final;
        var tmp = final + ".tmp-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(tmp);
        try
        {
            try
            {
                build(tmp);
            }
            catch
            {
                // Keep the failed attempt for inspection; the next run starts afresh.
                var failed = final + ".failed";
                if (Directory.Exists(failed))
                    Directory.Delete(failed, recursive: true);
                Directory.Move(tmp, failed);
                throw;
            }
            try
            {
                Directory.Move(tmp, final);
            }
            catch (IOException) when (Directory.Exists(final))
            {
                // Another process finished the same recipe first; its result is identical.
            }
        }
        finally
        {
            if (Directory.Exists(tmp))
                Directory.Delete(tmp, recursive: true);
        }
        return final;
    }

    /// <summary>Runs a tool; throws with its output when it fails.</summary>
    public static string Run(string tool, IEnumerable<string> args, string? stdin = null, IDictionary<string, string>? env = null, bool allowFailure = false)
    {
        var psi = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        if (env is not null)
            foreach (var (k, v) in env)
                psi.Environment[k] = v;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start " + tool);
        // Drain both pipes while feeding stdin: a tool that answers every command (xfs_db) fills
        // its stdout pipe long before a large script has been written.
        var errTask = p.StandardError.ReadToEndAsync();
        var outTask = p.StandardOutput.ReadToEndAsync();
        if (stdin is not null)
        {
            p.StandardInput.Write(stdin);
            p.StandardInput.Close();
        }
        var output = outTask.Result;
        var err = errTask.Result;
        p.WaitForExit();
        if (p.ExitCode != 0 && !allowFailure)
            throw new InvalidOperationException($"{tool} {string.Join(' ', psi.ArgumentList)} failed ({p.ExitCode}): {err}{output}");
        return output + err;
    }

    /// <summary>blkid's low-level probe of an image: TYPE, UUID, LABEL, ...</summary>
    public static Dictionary<string, string> Blkid(string image)
    {
        var d = new Dictionary<string, string>();
        foreach (var line in Run("blkid", ["-p", "-o", "export", image]).Split('\n'))
        {
            int eq = line.IndexOf('=');
            if (eq > 0)
                d[line[..eq]] = Unescape(line[(eq + 1)..]);
        }
        return d;
    }

    /// <summary>blkid's export format escapes shell-special characters with a backslash.</summary>
    private static string Unescape(string v)
    {
        var sb = new StringBuilder(v.Length);
        for (int i = 0; i < v.Length; i++)
            sb.Append(v[i] == '\\' && i + 1 < v.Length ? v[++i] : v[i]);
        return sb.ToString();
    }

    /// <summary>Deterministic pseudo-random bytes (the same for every run of a recipe).</summary>
    public static byte[] Bytes(int seed, int length)
    {
        var b = new byte[length];
        new Random(seed).NextBytes(b);
        return b;
    }
}

/// <summary>Reads everything a file tree offers, as a boot scan or `lbs ls -R` would, with bounded depth.</summary>
internal static class TreeWalker
{
    /// <summary>Lists every directory and reads every file and link target; returns the number of entries seen.</summary>
    public static int WalkAll(IFileTree tree, int maxDepth = 24, int maxEntries = 100_000)
    {
        int seen = 0;
        void Walk(string dir, int depth)
        {
            if (depth > maxDepth || seen > maxEntries)
                return;
            foreach (var e in tree.ListDirectory(dir))
            {
                seen++;
                var p = dir == "/" ? "/" + e.Name : dir + "/" + e.Name;
                switch (e.Kind)
                {
                    case FileKind.Directory:
                        Walk(p, depth + 1);
                        break;
                    case FileKind.File:
                        using (var s = tree.OpenRead(p))
                            s.CopyTo(Stream.Null);
                        break;
                    case FileKind.Symlink:
                        tree.ReadLink(p);
                        try
                        {
                            tree.TryStat(p);
                        }
                        catch (FileTreeException ex) when (ex.Problem == "too many levels of symbolic links")
                        {
                            // a symlink loop ends with this diagnostic by design
                        }
                        break;
                }
            }
        }
        Walk("/", 0);
        return seen;
    }
}
