namespace LinuxBootSharp.Cli.Commands;

/// <summary>How lbs treats one kexec-tools option.</summary>
internal enum KexecOptionSupport
{
    Supported,

    /// <summary>kexec-tools has it; lbs refuses it with <see cref="KexecOption.Why"/> (exit 1).</summary>
    Unsupported,
}

/// <summary>One option: long name, short letter (or '\0'), whether it takes a value.</summary>
internal sealed record KexecOption(string Long, char Short, bool HasValue, KexecOptionSupport Support = KexecOptionSupport.Supported, string Why = "");

/// <summary>
/// kexec-tools' options for x86_64 (kexec/kexec.h KEXEC_OPTIONS and KEXEC_OPT_STR
/// "h?vdfixyluet:pscaS", kexec/arch/i386/include/arch/options.h KEXEC_ALL_OPTIONS), plus lbs's
/// own (--segment, --sha256, --sha256-file, --append-cpio, --no-random-seed). Every option
/// kexec-tools knows is listed, so one lbs does not implement fails with its reason instead of
/// "unknown option".
/// </summary>
internal static class KexecOptionTable
{
    private const string NeedsKexecLoad = "it only affects kexec-tools' user-space image loading for kexec_load (lbs loads kernels with kexec_file_load; -c supports raw --segment images only)";

    public static readonly KexecOption[] All =
    [
        new("help", 'h', false), new("version", 'v', false), new("debug", 'd', false),
        new("force", 'f', false), new("no-checks", 'i', false), new("no-ifdown", 'x', false),
        new("no-sync", 'y', false), new("load", 'l', false), new("unload", 'u', false),
        new("exec", 'e', false), new("type", 't', true), new("load-panic", 'p', false),
        new("kexec-file-syscall", 's', false), new("kexec-syscall", 'c', false),
        new("kexec-syscall-auto", 'a', false), new("status", 'S', false),
        new("print-ckr-size", '\0', false), new("entry", '\0', true),
        new("command-line", '\0', true), new("append", '\0', true), new("reuse-cmdline", '\0', false),
        new("initrd", '\0', true), new("ramdisk", '\0', true), new("dtb", '\0', true),
        // lbs's own.
        new("segment", '\0', true), new("sha256", '\0', true), new("sha256-file", '\0', true),
        new("append-cpio", '\0', true), new("no-random-seed", '\0', false),
        // kexec-tools options lbs does not implement.
        new("mem-min", '\0', true, KexecOptionSupport.Unsupported, NeedsKexecLoad),
        new("mem-max", '\0', true, KexecOptionSupport.Unsupported, NeedsKexecLoad),
        new("reuseinitrd", '\0', false, KexecOptionSupport.Unsupported, "it needs the first boot's initrd kept in memory (retain_initrd=1), which lbs does not arrange"),
        new("load-preserve-context", '\0', false, KexecOptionSupport.Unsupported, "kexec jump (KEXEC_PRESERVE_CONTEXT) is not supported with kexec_file_load, and lbs's kexec_load mode is raw only"),
        new("load-jump-back-helper", '\0', false, KexecOptionSupport.Unsupported, "kexec jump (KEXEC_PRESERVE_CONTEXT) is not supported"),
        new("load-live-update", '\0', false, KexecOptionSupport.Unsupported, "it only works under Xen"),
        new("exec-live-update", '\0', false, KexecOptionSupport.Unsupported, "it only works under Xen"),
        new("hotplug", '\0', false, KexecOptionSupport.Unsupported, "crash-kernel hotplug updates (KEXEC_UPDATE_ELFCOREHDR) are not implemented"),
        new("no-cma", '\0', false, KexecOptionSupport.Unsupported, "KEXEC_FILE_NO_CMA is newer than the kernels lbs targets"),
        new("force-dtb", '\0', false, KexecOptionSupport.Unsupported, "carrying the boot device tree over on x86 (KEXEC_FILE_FORCE_DTB) is not implemented"),
        new("reset-vga", '\0', false, KexecOptionSupport.Unsupported, NeedsKexecLoad),
        new("serial", '\0', true, KexecOptionSupport.Unsupported, NeedsKexecLoad),
        new("serial-baud", '\0', true, KexecOptionSupport.Unsupported, NeedsKexecLoad),
        new("console-vga", '\0', false, KexecOptionSupport.Unsupported, NeedsKexecLoad),
        new("console-serial", '\0', false, KexecOptionSupport.Unsupported, NeedsKexecLoad),
        new("elf32-core-headers", '\0', false, KexecOptionSupport.Unsupported, NeedsKexecLoad),
        new("elf64-core-headers", '\0', false, KexecOptionSupport.Unsupported, NeedsKexecLoad),
        new("pass-memmap-cmdline", '\0', false, KexecOptionSupport.Unsupported, NeedsKexecLoad),
        new("noefi", '\0', false, KexecOptionSupport.Unsupported, NeedsKexecLoad),
        new("reuse-video-type", '\0', false, KexecOptionSupport.Unsupported, NeedsKexecLoad),
        new("args-elf", '\0', false, KexecOptionSupport.Unsupported, NeedsKexecLoad),
        new("args-linux", '\0', false, KexecOptionSupport.Unsupported, NeedsKexecLoad),
        new("args-none", '\0', false, KexecOptionSupport.Unsupported, NeedsKexecLoad),
        new("module", '\0', true, KexecOptionSupport.Unsupported, "multiboot images are not loaded by lbs"),
        new("real-mode", '\0', false, KexecOptionSupport.Unsupported, NeedsKexecLoad),
        new("entry-32bit", '\0', false, KexecOptionSupport.Unsupported, NeedsKexecLoad),
    ];

    public const string Help =
        "Usage: kexec [OPTION]... [kernel]\n" +
        "Directly reboot into a new kernel (lbs, kexec-tools compatible; loads with kexec_file_load)\n" +
        "\n" +
        " -h, --help           Print this help.\n" +
        " -v, --version        Print the version.\n" +
        " -f, --force          Force an immediate kexec, don't call shutdown (load, sync, exec).\n" +
        " -i, --no-checks      Accepted; kexec_file_load has no purgatory checks to skip.\n" +
        " -x, --no-ifdown      Don't bring down network interfaces.\n" +
        " -y, --no-sync        Don't sync filesystems before kexec.\n" +
        " -l, --load           Load the new kernel into the current kernel.\n" +
        " -p, --load-panic     Load the new kernel for use on panic (needs crashkernel=).\n" +
        " -u, --unload         Unload the current kexec target kernel (-p -u: the crash kernel).\n" +
        " -e, --exec           Execute a currently loaded kernel.\n" +
        " -t, --type=TYPE      bzImage or bzImage64 only (the kernel parses the image).\n" +
        " -s, --kexec-file-syscall  Use kexec_file_load (the default).\n" +
        " -c, --kexec-syscall  Use kexec_load: only for raw --segment images (lbs has no\n" +
        "                      user-space bzImage loader).\n" +
        " -a, --kexec-syscall-auto  Same as -s here.\n" +
        " -d, --debug          Print the plan (files, sizes, command line, flags) on stderr.\n" +
        " -S, --status         Return 1 if the type (by default crash; with -l the normal\n" +
        "                      kernel) is loaded, 0 if not.\n" +
        "     --print-ckr-size Print the crash kernel region size.\n" +
        " without -l/-e/-u/-p: load, then shut down cleanly and execute (systemctl kexec when\n" +
        "                      systemd runs the system, else sync + remount read-only + exec).\n" +
        "\n" +
        "bzImage64 options:\n" +
        "    --command-line=STRING, --append=STRING  Set the kernel command line to STRING.\n" +
        "    --reuse-cmdline       Use the kernel command line of the running system\n" +
        "                          (--append is added after it).\n" +
        "    --initrd=FILE, --ramdisk=FILE  Use FILE as the kernel's initial ramdisk.\n" +
        "                          Repeatable here: every FILE is concatenated in order\n" +
        "                          (kexec-tools keeps only the last one).\n" +
        "    --dtb=FILE            Refused on x86_64: kexec_file_load takes no device tree.\n" +
        "\n" +
        "lbs options:\n" +
        "    --sha256=HEX          The SHA-256 the file given just before must have (the\n" +
        "                          kernel when none was): checked on the bytes loaded, before\n" +
        "                          kexec_file_load; a mismatch loads nothing.\n" +
        "    --sha256-file=FILE    sha256sum-format list; every loaded file must be in it.\n" +
        "    --append-cpio=NAME=FILE|NAME=-  Add FILE (or stdin) as /NAME in an in-memory cpio\n" +
        "                          appended to the initrd, with a random seed at\n" +
        "                          /.lbs/random-seed; nothing is written to any disk.\n" +
        "    --no-random-seed      No /.lbs/random-seed in that archive.\n" +
        "    --segment=FILE@ADDR[:MEMSZ]  Raw kexec_load segment (repeatable), with\n" +
        "                          --entry=ADDR: loaded unparsed, entered in 64-bit mode.\n";
}
