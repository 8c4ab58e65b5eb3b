using System.Globalization;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.Cli.Commands;

/// <summary>`lbs ls [-l] [-b SECTOR] TARGET[:PART]:/path`: list a directory of a disk or image without mounting it.</summary>
public sealed class LsCommand : ICommand
{
    public string Name => "ls";

    public string Usage => "ls [-l] [-b 512|4096] TARGET[:PART]:/path   list a directory on a disk or image (read-only, no mount)";

    public int Run(string[] args) => TreeCommand.Run(Name, Usage, args, "l", (opened, flags) =>
    {
        var (tree, target) = (opened.Tree, opened.Target);
        var st = tree.TryStat(target.Path) ?? throw new FileTreeException(tree.Identity.Device, target.Path, "no such file or directory");
        var outp = StandardStreams.Out;
        if (st.Kind != FileKind.Directory)
        {
            outp.WriteLine(flags.Contains('l') ? Long(tree, target.Path, FileTree.Normalize(target.Path)) : target.Path);
            return 0;
        }
        foreach (var e in tree.ListDirectory(target.Path))
        {
            var full = FileTree.Combine(target.Path, e.Name);
            outp.WriteLine(flags.Contains('l') ? Long(tree, full, e.Name) : e.Kind == FileKind.Directory ? e.Name + "/" : e.Name);
        }
        return 0;
    });

    private static string Long(IFileTree tree, string path, string name)
    {
        var st = tree.TryLStat(path);
        if (st is null)
            return $"?????????? {name}";
        char kind = st.Value.Kind switch { FileKind.Directory => 'd', FileKind.Symlink => 'l', FileKind.File => '-', _ => '?' };
        var time = st.Value.Modified?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "-";
        var line = string.Create(CultureInfo.InvariantCulture, $"{kind}{Mode(st.Value.Mode)} {st.Value.Size,12} {time} {name}");
        return st.Value.Kind == FileKind.Symlink ? line + " -> " + tree.ReadLink(path) : line;
    }

    private static string Mode(uint mode)
    {
        Span<char> s = stackalloc char[9];
        const string rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++)
            s[i] = (mode & (1u << (8 - i))) != 0 ? rwx[i] : '-';
        return new string(s);
    }
}
