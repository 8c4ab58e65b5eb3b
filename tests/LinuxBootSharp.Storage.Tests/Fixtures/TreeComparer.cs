namespace LinuxBootSharp.Storage.Tests.Fixtures;

/// <summary>Compares a host source directory with what a reader shows, byte for byte.</summary>
public static class TreeComparer
{
    /// <summary>Files larger than this are compared at their head and tail only (the 4 GiB sparse file).</summary>
    private const long FullCompareLimit = 64L << 20;
    private const int EdgeBytes = 1 << 20;

    public sealed record Result(int Files, int Directories, int Symlinks, long Bytes);

    /// <param name="sizeOverride">Size the image really holds for a path, where the making tool is known
    /// to store another (mke2fs with inline_data drops a trailing hole of a sparse file).</param>
    public static Result Compare(string hostRoot, IFileTree tree, bool caseInsensitiveNames = false, string? ignoreInRoot = null,
        Func<string, long?>? sizeOverride = null)
    {
        int files = 0, dirs = 0, links = 0;
        long bytes = 0;
        var pending = new Stack<(string Host, string Tree)>();
        pending.Push((hostRoot, "/"));
        while (pending.Count > 0)
        {
            var (host, tpath) = pending.Pop();
            dirs++;
            var expected = new DirectoryInfo(host).EnumerateFileSystemInfos().ToDictionary(i => i.Name, i => i);
            var listed = tree.ListDirectory(tpath).Where(e => !(tpath == "/" && e.Name == ignoreInRoot)).ToList();
            var cmp = caseInsensitiveNames ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
            Assert.Equal(expected.Keys.Order(cmp), listed.Select(e => e.Name).Order(cmp), cmp);
            foreach (var entry in listed)
            {
                var info = expected[entry.Name];
                var child = tpath == "/" ? "/" + entry.Name : tpath + "/" + entry.Name;
                if (info.LinkTarget is string target)
                {
                    links++;
                    Assert.Equal(FileKind.Symlink, entry.Kind);
                    Assert.Equal(FileKind.Symlink, tree.TryLStat(child)?.Kind);
                    Assert.Equal(target, tree.ReadLink(child));
                }
                else if (info is DirectoryInfo)
                {
                    Assert.Equal(FileKind.Directory, entry.Kind);
                    pending.Push((info.FullName, child));
                }
                else
                {
                    files++;
                    Assert.Equal(FileKind.File, entry.Kind);
                    var fi = (FileInfo)info;
                    var st = tree.TryStat(child);
                    Assert.NotNull(st);
                    long size = sizeOverride?.Invoke(child) ?? fi.Length;
                    Assert.Equal(size, st.Value.Size);
                    bytes += CompareContent(fi, tree, child, size);
                }
            }
        }
        return new Result(files, dirs, links, bytes);
    }

    private static long CompareContent(FileInfo fi, IFileTree tree, string path, long size)
    {
        using var s = tree.OpenRead(path);
        using var h = fi.OpenRead();
        Assert.Equal(size, s.Length);
        if (size <= FullCompareLimit)
        {
            var a = new byte[fi.Length];
            var b = new byte[fi.Length];
            h.ReadExactly(a);
            s.ReadExactly(b);
            Assert.True(a.AsSpan().SequenceEqual(b), $"{path}: content differs at byte {a.AsSpan().CommonPrefixLength(b)}");
            Assert.Equal(0, s.Read(new byte[16]));
            return fi.Length;
        }
        long compared = 0;
        foreach (long at in new[] { 0, size - EdgeBytes })
        {
            var a = new byte[EdgeBytes];
            var b = new byte[EdgeBytes];
            h.Position = at;
            s.Position = at;
            h.ReadExactly(a);
            s.ReadExactly(b);
            Assert.True(a.AsSpan().SequenceEqual(b), $"{path}: content differs at byte {at + a.AsSpan().CommonPrefixLength(b)}");
            compared += EdgeBytes;
        }
        return compared;
    }
}
