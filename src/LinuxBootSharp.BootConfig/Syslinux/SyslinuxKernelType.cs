namespace LinuxBootSharp.BootConfig.Syslinux;

/// <summary>
/// What a label runs (syslinux.cfg(5), "KERNEL file" and the type-forcing keywords LINUX, BOOT,
/// BSS, PXE, FDIMAGE, COMBOOT, COM32, CONFIG, LOCALBOOT). Only <see cref="Linux"/> is kexec-bootable.
/// </summary>
public enum SyslinuxKernelType
{
    Linux,
    LocalBoot,
    BootSector,
    Bss,
    Pxe,
    FloppyImage,
    Comboot,
    Com32,
    Config,
}

public static class SyslinuxKernelTypes
{
    /// <summary>
    /// Type of a KERNEL file from its extension, as syslinux decides at run time: .c32 COM32,
    /// .com/.cbt COMBOOT, .bs/.bin boot sector, .bss boot sector with DOS superblock, .0 PXE
    /// bootstrap, .img floppy image; anything else is a Linux kernel.
    /// </summary>
    public static SyslinuxKernelType FromFileName(string file)
    {
        var name = file.TrimEnd();
        int dot = name.LastIndexOf('.');
        int slash = name.LastIndexOf('/');
        if (dot < 0 || dot < slash)
            return SyslinuxKernelType.Linux;
        return name[(dot + 1)..].ToLowerInvariant() switch
        {
            "c32" => SyslinuxKernelType.Com32,
            "com" or "cbt" => SyslinuxKernelType.Comboot,
            "bs" or "bin" => SyslinuxKernelType.BootSector,
            "bss" => SyslinuxKernelType.Bss,
            "0" => SyslinuxKernelType.Pxe,
            "img" => SyslinuxKernelType.FloppyImage,
            _ => SyslinuxKernelType.Linux,
        };
    }

    /// <summary>Keywords that set the kernel and force its type (readconfig.c's kernel_types table).</summary>
    public static SyslinuxKernelType? FromKeyword(string keyword) => keyword switch
    {
        "kernel" => null, // type from the extension
        "linux" => SyslinuxKernelType.Linux,
        "localboot" => SyslinuxKernelType.LocalBoot,
        "boot" => SyslinuxKernelType.BootSector,
        "bss" => SyslinuxKernelType.Bss,
        "pxe" => SyslinuxKernelType.Pxe,
        "fdimage" => SyslinuxKernelType.FloppyImage,
        "comboot" => SyslinuxKernelType.Comboot,
        "com32" => SyslinuxKernelType.Com32,
        "config" => SyslinuxKernelType.Config,
        _ => null,
    };

    public static bool IsKernelKeyword(string keyword) =>
        keyword is "kernel" or "linux" or "localboot" or "boot" or "bss" or "pxe" or "fdimage" or "comboot" or "com32" or "config";
}
