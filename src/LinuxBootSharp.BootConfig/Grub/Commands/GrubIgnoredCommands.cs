namespace LinuxBootSharp.BootConfig.Grub;

/// <summary>
/// Commands that only affect the screen, the terminal, modules or hardware we do not model
/// (grub-core/commands/*, term/*, video/*, gfxmenu/*): accepted and ignored. They succeed, as
/// they would in a GRUB that has the module loaded.
/// </summary>
internal sealed class GrubIgnoredCommands : IGrubCommandFamily
{
    private static readonly string[] Names =
    [
        "insmod", "rmmod", "lsmod", "serial", "terminal_input", "terminal_output", "terminal", "terminfo",
        "background_image", "background_color", "play", "sleep", "clear", "ls", "cat", "lsfonts", "font",
        "videoinfo", "vbeinfo", "videotest", "password", "password_pbkdf2", "cryptomount", "hashsum", "md5sum",
        "sha1sum", "sha256sum", "sha512sum", "lsefi", "lspci", "nativedisk", "usb", "cpuid", "acpi", "drivemap",
        "parttool", "badram", "cutmem", "date", "time", "help", "hello", "pager", "gettext", "set_gfxpayload",
        "verify_detached", "trust", "distrust", "list_trusted", "tpm", "efi_gop", "efi_uga", "vbe", "vga",
        "gfxterm", "gfxmenu", "load_video", "boot", "list_env", "setpci", "outb", "inb", "smbios",
        "net_bootp", "net_dhcp", "net_ls_addr", "net_ls_cards", "rngd", "syslinux_source", "syslinux_configfile",
        "extract_entries_source", "extract_entries_configfile", "extract_legacy_entries_source",
        "extract_legacy_entries_configfile", "legacy_source", "legacy_configfile", "lsmmap", "fix_video",
        "gptsync", "hdparm", "keymap", "multiboot2_nomultiboot", "tr",
    ];

    public void Register(GrubCommandTable table) => table.Add(Names, _ => 0);
}
