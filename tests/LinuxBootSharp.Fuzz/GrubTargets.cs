using LinuxBootSharp.BootConfig.Grub;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.Fuzz;

/// <summary>
/// GRUB: the mutated bytes are grub.cfg, also sourced as a second file and used as grubenv, on
/// a disk with a second partition to search. The interpreter returns diagnostics; no exception
/// is expected, and its budgets must keep every run short.
/// </summary>
public sealed class GrubFuzzTarget : IFuzzTarget
{
    public string Name => "grub";

    private static readonly GrubLimits Limits = new()
    {
        MaxSteps = 50_000, MaxEntrySteps = 5_000, MaxTotalEntrySteps = 50_000, MaxExpandedChars = 4 << 20, MaxTotalExpandedChars = 8 << 20,
        MaxLoopIterations = 1_000,
    };

    public IEnumerable<byte[]> Seeds() =>
    [
        """
        if [ -s $prefix/grubenv ]; then load_env; fi
        if [ "${next_entry}" ] ; then set default="${next_entry}"; set next_entry=; save_env next_entry; else set default="${saved_entry}"; fi
        function load_video { insmod all_video; }
        export menuentry_id_option
        menuentry 'Debian GNU/Linux' --class debian --id 'gnulinux-simple' {
          load_video
          search --no-floppy --fs-uuid --set=root 0b5e1f3e-aaaa-bbbb-cccc-000000000003
          linux /boot/vmlinuz root=UUID=x ro quiet $vt_handoff
          initrd /boot/initrd.img /boot/ucode.img
        }
        submenu 'Advanced' { menuentry "x>y" { linux (hd0,gpt2)/boot/vmlinuz single; } }
        for i in 1 2 3; do while [ $i -lt 3 ]; do i=3; done; echo "$i" '$i' \$i; done
        source $prefix/other.cfg
        """u8.ToArray(),
        "# GRUB Environment Block\nsaved_entry=1>0\nnext_entry=\nkernelopts=root=/dev/sda1 ro\n##########"u8.ToArray(),
        "default=1\ntimeout 5\ntitle A\n root (hd0,1)\n kernel /vmlinuz ro\n initrd /initrd\ntitle B\n kernel (hd0,0)/xen.gz\n module /vmlinuz\n"u8.ToArray(),
        "set default=1\nmenuentry a { chainloader /efi/x.efi }\nmenuentry b { multiboot2 /xen; module2 /vmlinuz a=b }\nblscfg\nloopback loop /iso/x.iso\n"u8.ToArray(),
    ];

    public void Run(byte[] input)
    {
        var home = new InMemoryFileTree(new FileSystemIdentity { Type = "ext4", Device = "/dev/vda1", DiskIndex = 0, PartitionScheme = "gpt", PartitionNumber = 1 })
            .AddFile("/boot/grub/grub.cfg", input)
            .AddFile("/boot/grub/other.cfg", input)
            .AddFile("/boot/grub/grubenv", input)
            .AddFile("/loader/entries/a.conf", input)
            .AddFile("/iso/x.iso", input)
            .AddFile("/boot/vmlinuz", "k");
        var data = new InMemoryFileTree(new FileSystemIdentity
        {
            Type = "xfs", Device = "/dev/vda2", Uuid = "0b5e1f3e-aaaa-bbbb-cccc-000000000003", Label = "root", DiskIndex = 0, PartitionScheme = "gpt", PartitionNumber = 2,
        }).AddFile("/boot/vmlinuz", "k");
        new GrubParser(limits: Limits).Parse(home, [home, data]);
        GrubLegacyConfig.Parse(home, [home, data], "/boot/grub/menu.lst", System.Text.Encoding.UTF8.GetString(input));
    }

    public bool IsExpected(Exception e) => false;
}
