using LinuxBootSharp.Storage;

namespace LinuxBootSharp.BootConfig.Syslinux;

/// <summary>Turns a recorded label into a <see cref="BootEntry"/>, resolving its files.</summary>
public sealed class SyslinuxEntryBuilder(IFileTree tree)
{
    public BootEntry Build(SyslinuxLabel l, SyslinuxConfig config)
    {
        var e = new BootEntry
        {
            Title = l.DisplayName.Length > 0 ? l.DisplayName : l.Name,
            Id = l.Name,
            Source = "syslinux",
            SourceFile = l.File,
            SourceLine = l.Line,
            SubmenuPath = l.Submenu.Select(f => f.Name).Where(n => n.Length > 0).ToList(),
        };
        if (l.IpAppend is { Length: > 0 } ip && ip != "0")
            e.Properties["ipappend"] = ip; // PXE facts (ip=, BOOTIF=) a disk boot cannot supply: recorded only
        if (l.MenuHide)
            e.Hidden = true;

        // KERNEL's own extra words come first on the command line (record(): kernel + append).
        var kernel = SyslinuxConfigReader.SplitWord(l.Kernel, lower: false).Keyword;
        // readconfig.c record(): the label's APPEND replaces the global one; "APPEND -" means none.
        var append = l.Append ?? l.GlobalAppend ?? "";
        if (append.Length == 1 && append[0] == '-')
            append = "";
        var type = l.Type;
        switch (type)
        {
            case SyslinuxKernelType.Linux:
                {
                    // record(): me->cmdline = "<kernel line>[ <append>][ initrd=<INITRD>]" (sprintf "%s%s%s%s");
                    // execute()/new_linux_kernel() then split off the kernel and boot the rest verbatim.
                    var line = l.Kernel + (append.Length > 0 ? " " + append : "") + (l.Initrd is null ? "" : " initrd=" + l.Initrd);
                    var (name, args, initrds) = SyslinuxCommandLine.LinuxLoader(line);
                    e.Cmdline = args;
                    e.CmdlinePrefix = "BOOT_IMAGE=" + name;
                    e.Kernel = Resolve(l, name, "kernel", e);
                    foreach (var i in initrds)
                    {
                        if (i.Length == 0)
                        {
                            e.Diagnostics.Add(new Diagnostic(Severity.Warning, "an empty name in initrd=: syslinux fails to load it and does not boot", l.File, l.Line));
                            continue;
                        }
                        e.Initrds.Add(Resolve(l, i, "initrd", e));
                    }
                    break;
                }
            case SyslinuxKernelType.Com32 when Path.GetFileName(kernel).Equals("mboot.c32", StringComparison.OrdinalIgnoreCase):
                Multiboot(l, append, e);
                break;
            case SyslinuxKernelType.LocalBoot:
                e.NotBootableReason = $"LOCALBOOT {kernel}: hands the boot back to the firmware";
                break;
            default:
                e.Properties["module"] = kernel;
                e.NotBootableReason = $"{Describe(type)} {kernel} cannot be started by kexec";
                // What the module would be given: the words after its name, verbatim.
                e.Cmdline = SyslinuxCommandLine.LinuxLoader(l.Kernel + (append.Length > 0 ? " " + append : "")).Args;
                break;
        }
        return e;
    }

    private static string Describe(SyslinuxKernelType t) => t switch
    {
        SyslinuxKernelType.Com32 => "COM32 module",
        SyslinuxKernelType.Comboot => "COMBOOT program",
        SyslinuxKernelType.BootSector or SyslinuxKernelType.Bss => "boot sector",
        SyslinuxKernelType.Pxe => "PXE bootstrap program",
        SyslinuxKernelType.FloppyImage => "floppy image",
        SyslinuxKernelType.Config => "CONFIG",
        _ => t.ToString(),
    };

    /// <summary>
    /// mboot.c32 (multiboot, e.g. Xen): APPEND is "kernel args --- module args --- module ...".
    /// Recorded with the kernel and modules, not bootable by kexec_file_load.
    /// </summary>
    private void Multiboot(SyslinuxLabel l, string append, BootEntry e)
    {
        var parts = append.Split("---");
        var (mbKernel, mbArgs) = SyslinuxConfigReader.SplitWord(parts[0], lower: false);
        e.Properties["multiboot"] = "mboot.c32";
        if (mbKernel.Length > 0)
        {
            e.Kernel = Resolve(l, mbKernel, "multiboot kernel", e);
            e.Cmdline = string.Join(' ', SyslinuxCommandLine.Split(mbArgs));
        }
        int n = 0;
        foreach (var p in parts.Skip(1).Take(64))
        {
            var args = string.Join(' ', SyslinuxCommandLine.Split(p));
            if (args.Length == 0)
                continue;
            n++;
            var file = SyslinuxConfigReader.SplitWord(args, lower: false).Keyword;
            e.Properties[$"multiboot-module-{n}"] = args;
            e.Properties[$"multiboot-module-{n}-file"] = Resolve(l, file, "multiboot module", e).Path;
        }
        e.NotBootableReason = "multiboot image (mboot.c32) cannot be loaded by kexec_file_load";
    }

    /// <summary>
    /// "All (paths to) file names inside the configuration file are relative to the Working
    /// Directory, unless preceded with a slash" (wiki "Config", Working directory). PATH is not
    /// searched: it is for modules only (doc/syslinux.txt "PATH"; loadfile() fopen()s the kernel
    /// and initrds, only findpath() for modules walks PATH).
    /// </summary>
    private FileRef Resolve(SyslinuxLabel l, string file, string what, BootEntry e)
    {
        var primary = FileTree.Combine(l.WorkingDirectory, file);
        try
        {
            if (!tree.FileExists(primary))
                e.Diagnostics.Add(new Diagnostic(Severity.Warning, $"{what} {file}: file not found", l.File, l.Line));
        }
        catch (StorageException ex)
        {
            e.Diagnostics.Add(new Diagnostic(Severity.Warning, $"{what} {file}: {ex.Message}", l.File, l.Line));
        }
        return new FileRef(tree, primary);
    }
}
