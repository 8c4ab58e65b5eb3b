using System.Text;

namespace LinuxBootSharp.Storage.Tests.Fixtures;

/// <summary>What goes into a generated source tree; FAT cannot hold symlinks or a 4 GiB sparse file.</summary>
public sealed record SourceProfile(bool Symlinks, bool HugeSparse, bool BigFiles, int ManyFiles)
{
    public static SourceProfile Ext { get; } = new(Symlinks: true, HugeSparse: true, BigFiles: true, ManyFiles: 400);
    public static SourceProfile Fat { get; } = new(Symlinks: false, HugeSparse: false, BigFiles: true, ManyFiles: 300);
    public static SourceProfile SmallFat { get; } = new(Symlinks: false, HugeSparse: false, BigFiles: false, ManyFiles: 40);
}

/// <summary>
/// A deterministic source tree: nested directories, long and unicode names, an empty directory,
/// a 0-byte file, a sparse file, a file with data beyond 4 GiB, multi-MB files, fast and slow
/// symlinks (and a loop), and a directory with enough entries to become an htree.
/// </summary>
public static class SourceTree
{
    /// <summary>Bump when the generator changes: every cached image depends on it.</summary>
    public const string Version = "source-tree-v3";

    public const long HugeDataOffset = (4L << 30) + 1000;
    public const long HugeSize = (4L << 30) + 65536;
    public const string LongName = "a_very_long_file_name_that_exceeds_the_eight_dot_three_limit_by_far_and_keeps_going_until_it_is_well_over_one_hundred_characters_long.conf";
    public const string UnicodeName = "ünïcødé-名前-ファイル.txt";
    public const string SlowLinkTarget = "../dir1/./dir2/../dir2/dir3/./dir4/../dir4/./././././././deep.txt";
    public const string GrubCfg = "set default=0\nset timeout=5\nmenuentry 'Linux' {\n\tlinux /boot/vmlinuz-6.1.0 root=/dev/vda2\n}\n";

    public static void Create(string root, SourceProfile p)
    {
        Directory.CreateDirectory(root);
        Write(root, "boot/grub/grub.cfg", Encoding.UTF8.GetBytes(GrubCfg));
        Write(root, "dir1/dir2/dir3/dir4/deep.txt", "deep inside\n"u8.ToArray());
        Write(root, LongName, "long name\n"u8.ToArray());
        Write(root, UnicodeName, "unicode\n"u8.ToArray());
        Write(root, "Mixed Case Name.TXT", "mixed\n"u8.ToArray());
        Write(root, "UPPER.TXT", "upper short name\n"u8.ToArray());
        Write(root, "zero", []);
        Write(root, "small.txt", "fits in the inode\n"u8.ToArray());
        Directory.CreateDirectory(Path.Combine(root, "empty"));
        Write(root, "medium.bin", Random(1, 70_000));
        if (p.BigFiles)
        {
            Write(root, "boot/vmlinuz-6.1.0", Random(2, 2_500_000));
            Write(root, "multi.bin", Random(3, (5 << 20) + 123));
            // 3 MiB with 4 KiB of data at 1 MiB and a tail: holes in front, between and behind.
            using var f = new FileStream(Path.Combine(root, "sparse.bin"), FileMode.Create, FileAccess.Write);
            f.SetLength(3 << 20);
            f.Position = 1 << 20;
            f.Write(Random(4, 4096));
            f.Position = (3 << 20) - 100;
            f.Write(Random(5, 100));
        }
        if (p.HugeSparse)
        {
            using var f = new FileStream(Path.Combine(root, "huge-sparse.bin"), FileMode.Create, FileAccess.Write);
            f.SetLength(HugeSize);
            f.Position = HugeDataOffset;
            f.Write(Random(6, 8192));
        }
        var many = Path.Combine(root, "many");
        Directory.CreateDirectory(many);
        for (int i = 0; i < p.ManyFiles; i++)
            File.WriteAllText(Path.Combine(many, $"file-with-a-reasonably-long-name-{i:D4}.txt"), $"{i}\n");
        if (p.Symlinks)
        {
            var links = Path.Combine(root, "links");
            Directory.CreateDirectory(links);
            File.CreateSymbolicLink(Path.Combine(links, "fast"), "../dir1/dir2/dir3/dir4/deep.txt");
            File.CreateSymbolicLink(Path.Combine(links, "slow"), SlowLinkTarget);
            File.CreateSymbolicLink(Path.Combine(links, "abs"), "/boot/grub/grub.cfg");
            File.CreateSymbolicLink(Path.Combine(links, "dir"), "../dir1");
            File.CreateSymbolicLink(Path.Combine(links, "dangling"), "nowhere");
            File.CreateSymbolicLink(Path.Combine(links, "loop1"), "loop2");
            File.CreateSymbolicLink(Path.Combine(links, "loop2"), "loop1");
        }
    }

    private static void Write(string root, string rel, byte[] data)
    {
        var path = Path.Combine(root, rel);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, data);
    }

    public static byte[] Random(int seed, int length)
    {
        var b = new byte[length];
        new Random(seed).NextBytes(b);
        return b;
    }
}
