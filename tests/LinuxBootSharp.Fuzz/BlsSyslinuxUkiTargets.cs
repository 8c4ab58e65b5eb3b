using System.Buffers.Binary;
using System.Text;
using LinuxBootSharp.BootConfig.Bls;
using LinuxBootSharp.BootConfig.Syslinux;
using LinuxBootSharp.BootConfig.Uki;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.Fuzz;

/// <summary>
/// BLS entries + loader.conf: the mutated text is an entry file (with a boot counter in its name)
/// and loader.conf at once. The parsers return diagnostics; no exception is expected.
/// </summary>
public sealed class BlsFuzzTarget : IFuzzTarget
{
    public string Name => "bls";

    public IEnumerable<byte[]> Seeds() =>
    [
        "title Fedora Linux 40\nversion 6.8.5-301.fc40.x86_64\nmachine-id 6a9857a393724b7a981ebb5b8495b9ea\nsort-key fedora\noptions root=UUID=1 quiet\noptions rw\nlinux /vmlinuz\ninitrd /initrd\ninitrd /ucode\ndevicetree /a.dtb\ndevicetree-overlay /b.dtbo /c.dtbo\narchitecture x64\n"u8.ToArray(),
        "default *-6.*\ntimeout menu-force\neditor no\n# comment\nefi /EFI/shell.efi\nuki /EFI/Linux/x.efi\n"u8.ToArray(),
    ];

    public void Run(byte[] input)
    {
        var t = new InMemoryFileTree()
            .AddFile("/loader/entries/fuzz-1.2.3+2-1.conf", input)
            .AddFile("/loader/entries/other-1.2.4.conf", "sort-key a\nversion 1.2.4\nlinux /vmlinuz\n")
            .AddFile("/loader/loader.conf", input)
            .AddFile("/vmlinuz", "k");
        new BlsParser("x64").Parse(t, [t]);
        var text = Encoding.UTF8.GetString(input);
        var half = text.Length / 2;
        UapiVersion.Compare(text[..half], text[half..]);
        Glob.IsMatch(text[..half], text[half..]);
        Glob.IsMatch(text[..half], text[half..], GlobFlags.CaseFold);
    }

    public bool IsExpected(Exception e) => false;
}

/// <summary>
/// Unified kernel images: mutated PE bytes in /EFI/Linux and named by a Type #1 <c>uki</c> entry.
/// Lying headers must become diagnostics.
/// </summary>
public sealed class UkiFuzzTarget : IFuzzTarget
{
    public string Name => "uki";

    public IEnumerable<byte[]> Seeds() =>
    [
        MinimalUki(),
    ];

    public void Run(byte[] input)
    {
        var t = new InMemoryFileTree()
            .AddFile("/EFI/Linux/fuzz+1.efi", input)
            .AddFile("/loader/entries/u.conf", "title U\nuki /EFI/Linux/fuzz+1.efi\n");
        new UkiParser("x64").Parse(t, [t]);
        new BlsParser("x64").Parse(t, [t]);
    }

    public bool IsExpected(Exception e) => false;

    /// <summary>A small PE32+ with .osrel, .cmdline, .uname, .linux and .initrd (file alignment 0x200).</summary>
    internal static byte[] MinimalUki()
    {
        (string Name, byte[] Data)[] sections =
        [
            (".osrel", "PRETTY_NAME=\"Fuzz Linux\"\nVERSION_ID=1\nID=fuzz\n"u8.ToArray()),
            (".cmdline", "console=ttyS0\n"u8.ToArray()),
            (".uname", "6.1.0"u8.ToArray()),
            (".linux", Enumerable.Repeat((byte)0x4B, 600).ToArray()),
            (".initrd", Enumerable.Repeat((byte)0x49, 300).ToArray()),
        ];
        const int peOffset = 0x40, optSize = 240, align = 0x200;
        int table = peOffset + 24 + optSize;
        int file = (table + sections.Length * 40 + align - 1) / align * align;
        int size = file + sections.Sum(s => (s.Data.Length + align - 1) / align * align);
        var b = new byte[size];
        var s = b.AsSpan();
        "MZ"u8.CopyTo(s);
        BinaryPrimitives.WriteUInt32LittleEndian(s[0x3C..], peOffset);
        "PE\0\0"u8.CopyTo(s[peOffset..]);
        BinaryPrimitives.WriteUInt16LittleEndian(s[(peOffset + 4)..], 0x8664);
        BinaryPrimitives.WriteUInt16LittleEndian(s[(peOffset + 6)..], (ushort)sections.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(s[(peOffset + 20)..], optSize);
        BinaryPrimitives.WriteUInt16LittleEndian(s[(peOffset + 24)..], 0x20B);
        for (int i = 0; i < sections.Length; i++)
        {
            var h = s[(table + i * 40)..];
            Encoding.ASCII.GetBytes(sections[i].Name).CopyTo(h);
            BinaryPrimitives.WriteUInt32LittleEndian(h[8..], (uint)sections[i].Data.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(h[12..], (uint)(0x1000 * (i + 1)));
            int raw = (sections[i].Data.Length + align - 1) / align * align;
            BinaryPrimitives.WriteUInt32LittleEndian(h[16..], (uint)raw);
            BinaryPrimitives.WriteUInt32LittleEndian(h[20..], (uint)file);
            sections[i].Data.CopyTo(s[file..]);
            file += raw;
        }
        return b;
    }
}

/// <summary>
/// syslinux configs: the mutated text is the main config and also the file it may INCLUDE or
/// CONFIG-switch to, so include loops, CONFIG chains and menus all get exercised.
/// </summary>
public sealed class SyslinuxFuzzTarget : IFuzzTarget
{
    public string Name => "syslinux";

    public IEnumerable<byte[]> Seeds() =>
    [
        """
        UI menu.c32
        PROMPT 0
        TIMEOUT 50
        TOTALTIMEOUT 300
        ONTIMEOUT rescue
        DEFAULT main
        PATH /images:/boot
        APPEND console=ttyS0
        INCLUDE inc.cfg
        LABEL main
          MENU LABEL ^Main
          MENU DEFAULT
          KERNEL /images/vmlinuz
          INITRD /a,/b
          APPEND root=/dev/sda1 initrd=/c quiet
          IPAPPEND 2
        LABEL dash
          LINUX vmlinuz
          APPEND -
        LABEL hd
          LOCALBOOT 0x80
        LABEL xen
          KERNEL mboot.c32
          APPEND xen.gz --- vmlinuz a=b --- initrd.img
        MENU INCLUDE inc.cfg Tools
        MENU BEGIN more
          MENU TITLE More
          LABEL back
            MENU EXIT
          LABEL sw
            CONFIG inc.cfg /other
          TEXT HELP
            help
          ENDTEXT
        MENU END
        """u8.ToArray(),
        "label linux\nkernel /vmlinuz\nappend console=tty0\nmenu hide\ninclude syslinux.cfg\n"u8.ToArray(),
    ];

    public void Run(byte[] input)
    {
        var t = new InMemoryFileTree()
            .AddFile("/syslinux/syslinux.cfg", input)
            .AddFile("/syslinux/inc.cfg", input)
            .AddFile("/images/vmlinuz", "k");
        new SyslinuxParser().Parse(t, [t]);
    }

    public bool IsExpected(Exception e) => false;
}
