using System.Text;

namespace LinuxBootSharp.Storage.Tests;

/// <summary>
/// ISO9660 images made by xorriso from generated source trees, cached under build/testdata.
/// The volume dates are fixed (creation 2020, modification 2024-01-31 12:00) so the GRUB/udev
/// UUID is known; blkid reads it from the modification date.
/// </summary>
internal static class IsoTestImages
{
    public const string ModifiedDigits = "2024013112000000";
    public const string CreatedDigits = "2020010100000000";
    public const string ExpectedUuid = "2024-01-31-12-00-00-00";
    public const int ManyEntries = 500;
    private const string Recipe = "iso-v3";

    /// <summary>8.3 lower-case names only: what a level-1 ISO without extensions can hold exactly.</summary>
    public static void WritePlainTree(string src)
    {
        void Put(string rel, byte[] data)
        {
            var p = Path.Combine(src, rel);
            Directory.CreateDirectory(Path.GetDirectoryName(p)!);
            File.WriteAllBytes(p, data);
        }
        Put("readme.txt", "plain iso9660\n"u8.ToArray());
        Put("empty", []);
        Put("boot/vmlinuz", ImageTools.Bytes(11, 1_500_000 + 3));
        Put("boot/initrd.img", ImageTools.Bytes(12, 300_001));
        Put("isolinux/isolinux.cfg", "DEFAULT linux\nLABEL linux\n  KERNEL /boot/vmlinuz\n"u8.ToArray());
        Put("efi/boot/bootx64.efi", ImageTools.Bytes(13, 5000));
        for (int i = 0; i < 120; i++)
            Put($"many/f{i:D3}.cfg", Encoding.ASCII.GetBytes($"file {i}\n"));
    }

    /// <summary>Long, mixed-case and non-ASCII names, a multi-block directory, a tree deeper than ISO9660's 8 levels, and (optionally) symlinks.</summary>
    public static void WriteRichTree(string src, bool symlinks)
    {
        void Put(string rel, byte[] data)
        {
            var p = Path.Combine(src, rel);
            Directory.CreateDirectory(Path.GetDirectoryName(p)!);
            File.WriteAllBytes(p, data);
        }
        Put("README.md", "# Live image\n"u8.ToArray());
        Put("empty file", []);
        Put("Mixed Case/Grüße long name.txt", "non-ascii name\n"u8.ToArray());
        Put("boot/vmlinuz-6.1.0-18-amd64", ImageTools.Bytes(21, 1_500_000 + 5));
        Put("boot/initrd.img-6.1.0-18-amd64", ImageTools.Bytes(22, 700_123));
        Put("boot/grub/grub.cfg", "set timeout=5\nmenuentry 'Live' {\n  linux /boot/vmlinuz-6.1.0-18-amd64 boot=live\n}\n"u8.ToArray());
        Put("EFI/BOOT/BOOTX64.EFI", ImageTools.Bytes(23, 9000));
        for (int i = 0; i < ManyEntries; i++)
            Put($"many/entry-with-a-long-name-{i:D3}.conf", Encoding.ASCII.GetBytes($"entry {i}\n"));
        Put("a/b/c/d/e/f/g/h/i/j/deep.txt", "ten levels down\n"u8.ToArray());
        if (!symlinks)
            return;
        File.CreateSymbolicLink(Path.Combine(src, "vmlinuz"), "boot/vmlinuz-6.1.0-18-amd64");
        File.CreateSymbolicLink(Path.Combine(src, "abs-link"), "/boot/grub/grub.cfg");
        File.CreateSymbolicLink(Path.Combine(src, "boot/grub/up-link"), "../../README.md");
        File.CreateSymbolicLink(Path.Combine(src, "dir-link"), "boot/grub");
        File.CreateSymbolicLink(Path.Combine(src, "dangling"), "./no/such/file");
        File.CreateSymbolicLink(Path.Combine(src, "long-link"), string.Join('/', Enumerable.Repeat("..", 3)) + "/" + string.Join('/', Enumerable.Range(0, 30).Select(i => $"component{i:D2}")));
        File.CreateSymbolicLink(Path.Combine(src, "loop1"), "loop2");
        File.CreateSymbolicLink(Path.Combine(src, "loop2"), "loop1");
    }

    /// <summary>Native xorriso commands given before "-as mkisofs": creation and modification dates differ so the test sees which one the UUID uses.</summary>
    private static string[] Dates => ["-volume_date", "c", CreatedDigits, "-volume_date", "m", ModifiedDigits, "-as", "mkisofs"];

    // xorriso writes Rock Ridge unless told not to, even in mkisofs emulation.
    public static string Plain() => Build("iso-plain", "plain", false, s => WritePlainTree(s), ["-V", "PLAIN_ISO"], ["-rockridge", "off"]);

    public static string Joliet() => Build("iso-joliet", "joliet", false, s => WriteRichTree(s, symlinks: false), ["-J", "-V", "Joliet Disc"], ["-rockridge", "off"]);

    public static string RockRidge() => Build("iso-rr", "rr", true, s => WriteRichTree(s, symlinks: true), ["-R", "-V", "RR_DISC"]);

    public static string RockRidgeJoliet() => Build("iso-rrj", "rrj", true, s => WriteRichTree(s, symlinks: true), ["-R", "-J", "-V", "Live CD 2024"]);

    /// <summary>
    /// Rock Ridge with directories deeper than ISO9660's 8 levels moved to /rr_moved (xorriso's
    /// native mode, "-compliance deep_paths_off"): the tree must show them in place through
    /// their CL entries and hide rr_moved (RE), as RRIP 4.1.5 asks.
    /// </summary>
    public static string Relocated() =>
        ImageTools.Cached("iso-relocated", Recipe + "relocated", dir =>
        {
            var src = Path.Combine(dir, "src");
            WriteRichTree(src, symlinks: true);
            var iso = Path.Combine(dir, "image.iso");
            ImageTools.Run("xorriso", ["-volume_date", "c", CreatedDigits, "-volume_date", "m", ModifiedDigits, "-outdev", iso, "-volid", "RELOCATED",
                "-compliance", "deep_paths_off", "-rr_reloc_dir", "rr_moved", "-map", src, "/"]);
            if (!File.ReadAllBytes(iso).AsSpan().IndexOf("RR_MOVED"u8).Equals(-1))
                return iso;
            throw new InvalidOperationException("xorriso did not relocate the deep directories");
        });

    /// <summary>El Torito BIOS + UEFI images, and a GPT (behind a protective MBR) with an appended EFI partition: a hybrid image.</summary>
    public static string Hybrid() =>
        ImageTools.Cached("iso-hybrid", Recipe + "hybrid", dir =>
        {
            var src = Path.Combine(dir, "src");
            WriteRichTree(src, symlinks: true);
            File.WriteAllBytes(Path.Combine(src, "boot/bios.img"), ImageTools.Bytes(31, 2048));
            var efi = Path.Combine(dir, "efi.img");
            using (var f = File.Create(efi))
                f.SetLength(1 << 20);
            ImageTools.Run("mkfs.vfat", [efi]);
            File.Copy(efi, Path.Combine(src, "boot/efi.img"));
            var iso = Path.Combine(dir, "image.iso");
            ImageTools.Run("xorriso", [.. Dates, "-o", iso, "-R", "-J", "-V", "HYBRID",
                "-b", "boot/bios.img", "-no-emul-boot", "-boot-load-size", "4", "-c", "boot/boot.cat",
                "-eltorito-alt-boot", "-e", "boot/efi.img", "-no-emul-boot",
                "-appended_part_as_gpt", "-append_partition", "2", "0xef", efi, src]);
            return iso;
        });

    private static string Build(string name, string kind, bool symlinks, Action<string> tree, string[] args, string[]? native = null) =>
        ImageTools.Cached(name, Recipe + kind + symlinks + string.Join(' ', args) + string.Join(' ', native ?? []), dir =>
        {
            var src = Path.Combine(dir, "src");
            tree(src);
            var iso = Path.Combine(dir, "image.iso");
            ImageTools.Run("xorriso", [.. native ?? [], .. Dates, "-o", iso, .. args, src]);
            return iso;
        });

    public static string ImageOf(string folder) => Path.Combine(folder, "image.iso");

    public static ExpectedTree Source(string folder) => ExpectedTree.FromDirectory(Path.Combine(folder, "src"));
}
