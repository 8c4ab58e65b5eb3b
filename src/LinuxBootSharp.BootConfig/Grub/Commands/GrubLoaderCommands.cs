using System.Globalization;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.BootConfig.Grub;

/// <summary>
/// The loader commands of an entry body, which fill in <see cref="GrubEntryState"/>:
/// <c>linux</c>/<c>linux16</c>/<c>linuxefi</c> and <c>initrd</c> (grub-core/loader/i386/linux.c,
/// loader/efi/linux.c, loader/linux.c), <c>devicetree</c> (loader/efi/fdt.c), Multiboot
/// <c>module</c>s (loader/multiboot.c), and the loaders kexec cannot run (<c>chainloader</c>,
/// <c>multiboot</c>, BSD kernels, <c>fwsetup</c>, ...), which make the entry not bootable with
/// the reason shown in the menu. Outside an entry body they do nothing: nothing is booted while
/// the config is read.
/// </summary>
internal sealed class GrubLoaderCommands(GrubContext ctx) : IGrubCommandFamily
{
    /// <summary>Loaders kexec cannot run, with the reason shown in the menu.</summary>
    private static readonly Dictionary<string, string> ForeignLoaders = new(StringComparer.Ordinal)
    {
        ["chainloader"] = "chainloader: starts a firmware boot program (EFI application or boot sector), which kexec cannot run",
        ["multiboot"] = "multiboot: a Multiboot kernel (e.g. Xen) with modules; kexec_file_load loads only Linux kernels",
        ["multiboot2"] = "multiboot2: a Multiboot2 kernel (e.g. Xen) with modules; kexec_file_load loads only Linux kernels",
        ["appleloader"] = "appleloader: Apple firmware boot, not possible from Linux",
        ["kfreebsd"] = "kfreebsd: a FreeBSD kernel, which kexec cannot load",
        ["knetbsd"] = "knetbsd: a NetBSD kernel, which kexec cannot load",
        ["kopenbsd"] = "kopenbsd: an OpenBSD kernel, which kexec cannot load",
        ["xnu_kernel"] = "xnu_kernel: a macOS kernel, which kexec cannot load",
        ["xnu_kernel64"] = "xnu_kernel64: a macOS kernel, which kexec cannot load",
        ["ntldr"] = "ntldr: Windows boot loader, which kexec cannot run",
        ["freedos"] = "freedos: FreeDOS kernel, which kexec cannot run",
        ["plan9"] = "plan9: Plan 9 kernel, which kexec cannot load",
        ["legacy_kernel"] = "legacy_kernel: GRUB Legacy kernel command, not supported",
        ["fwsetup"] = "fwsetup: enters the firmware setup, which is not possible from LinuxBoot",
        ["halt"] = "halt: powers the machine off",
        ["reboot"] = "reboot: restarts the machine",
        ["exit"] = "exit: returns to the firmware",
        ["xen_hypervisor"] = "xen_hypervisor: Xen via Multiboot, which kexec_file_load cannot load",
    };

    public void Register(GrubCommandTable table)
    {
        table.Add(["linux", "linux16", "linuxefi", "linux32"], CmdLinux);
        table.Add(["initrd", "initrd16", "initrdefi", "initrd32"], CmdInitrd);
        table.Add("devicetree", CmdDevicetree);
        table.Add(["module", "module2", "xen_module"], CmdModule);
        foreach (var (name, reason) in ForeignLoaders)
            table.Add(name, c => CmdForeignLoader(c, reason));
    }

    private bool InEntry(string name, int line)
    {
        if (ctx.Entry is not null)
            return true;
        ctx.Diag(Severity.Info, $"{name} outside a menu entry: ignored (nothing is booted while the config is read)", line);
        return false;
    }

    /// <summary>Resolves a file argument and reports a missing one on the entry (kept, so the
    /// menu can still show what GRUB would try to load).</summary>
    private FileRef? ResolveFile(string cmd, string name, int line)
    {
        var p = ctx.Resolve(name);
        if (!p.IsResolved || p.Tree is null)
        {
            ctx.Diag(Severity.Error, $"{cmd}: {p.Problem}", line);
            return null;
        }
        if (p.Path.Length == 0)
        {
            ctx.Diag(Severity.Error, $"{cmd}: '{name}' names a device, not a file", line);
            return null;
        }
        var st = ctx.TryStat(p.Tree, p.Path);
        if (st is not { Kind: FileKind.File })
            ctx.Diag(Severity.Warning, $"{cmd}: file '{p.Path}' not found on {ctx.Devices.NameOf(p.Tree)}", line);
        return new FileRef(p.Tree, p.Path);
    }

    private int CmdLinux(GrubCall c)
    {
        var (name, args, line) = (c.Name, c.Args, c.Line);
        if (!InEntry(name, line))
            return 0;
        var s = ctx.Entry!;
        if (args.Count == 0)
        {
            ctx.Diag(Severity.Error, $"{name}: filename expected", line);
            return 1;
        }
        // Loading a kernel unloads the previous one and its initrd (loader/i386/linux.c).
        s.Kernel = null;
        s.KernelName = null;
        s.Initrds.Clear();
        s.Modules.Clear();
        s.NotBootableReason = null;
        // Name and command line are kept even when the file does not resolve, so the menu and
        // the diagnostics show what GRUB would try to load.
        s.KernelName = args[0];
        s.Loader = name;
        s.Cmdline = GrubLoaderCommandLine.Build(args, 1);
        var k = ResolveFile(name, args[0], line);
        if (k is null)
            return 1;
        s.Kernel = k;
        return 0;
    }

    private int CmdInitrd(GrubCall c)
    {
        var (name, args, line) = (c.Name, c.Args, c.Line);
        if (!InEntry(name, line))
            return 0;
        var s = ctx.Entry!;
        if (args.Count == 0)
        {
            ctx.Diag(Severity.Error, $"{name}: filename expected", line);
            return 1;
        }
        if (s.KernelName is null)
        {
            ctx.Diag(Severity.Error, $"{name}: you need to load the kernel first", line);
            return 1;
        }
        s.Initrds.Clear();
        foreach (var a in args)
        {
            // GRUB 2.02 "newc:NAME:FILE" places FILE in a generated cpio under NAME; we can only load FILE.
            var file = a;
            if (a.StartsWith("newc:", StringComparison.Ordinal))
            {
                int colon = a.IndexOf(':', 5);
                if (colon > 0)
                {
                    ctx.Diag(Severity.Warning, $"{name}: 'newc:' renaming is not supported; '{a[(colon + 1)..]}' is loaded as is", line);
                    file = a[(colon + 1)..];
                }
            }
            var f = ResolveFile(name, file, line);
            if (f is null)
                return 1;
            s.Initrds.Add(f);
        }
        return 0;
    }

    private int CmdDevicetree(GrubCall c)
    {
        if (!InEntry("devicetree", c.Line))
            return 0;
        if (c.Args.Count == 0)
        {
            ctx.Diag(Severity.Error, "devicetree: filename expected", c.Line);
            return 1;
        }
        var s = ctx.Entry!;
        s.DeviceTree = ResolveFile("devicetree", c.Args[0], c.Line);
        return s.DeviceTree is null ? 1 : 0;
    }

    private int CmdForeignLoader(GrubCall c, string reason)
    {
        var (name, args) = (c.Name, c.Args);
        if (ctx.Entry is not { } s)
        {
            if (name is "halt" or "reboot" or "exit" or "fwsetup")
                ctx.Diag(Severity.Info, $"{name} outside a menu entry: ignored", c.Line);
            return 0;
        }
        s.Kernel = null;
        s.Initrds.Clear();
        s.Modules.Clear();
        s.NotBootableReason = reason;
        s.Loader = name;
        if (args.Count > 0 && name is not ("halt" or "reboot" or "exit" or "fwsetup"))
        {
            // Keep the image for the details view; the entry stays not kexec-bootable.
            var file = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
            if (file is not null)
            {
                var p = ctx.Resolve(file);
                if (p.IsResolved && p.Path.Length > 0)
                    s.Kernel = new FileRef(p.Tree!, p.Path);
                s.KernelName = file;
                s.Cmdline = GrubLoaderCommandLine.Build(args.SkipWhile(a => a != file).ToArray(), 1);
            }
        }
        return 0;
    }

    private int CmdModule(GrubCall c)
    {
        if (!InEntry(c.Name, c.Line))
            return 0;
        var files = c.Args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        if (files.Count == 0)
        {
            ctx.Diag(Severity.Error, $"{c.Name}: filename expected", c.Line);
            return 1;
        }
        var p = ctx.Resolve(files[0]);
        string where = p.IsResolved ? new FileRef(p.Tree!, p.Path).Display : files[0];
        ctx.Entry!.Modules.Add(string.Create(CultureInfo.InvariantCulture, $"{where} {GrubLoaderCommandLine.Build(files, 1)}").TrimEnd());
        return 0;
    }
}
