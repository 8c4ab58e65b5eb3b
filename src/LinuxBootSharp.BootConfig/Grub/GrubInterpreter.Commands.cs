namespace LinuxBootSharp.BootConfig.Grub;

public sealed partial class GrubInterpreter
{
    /// <summary>
    /// Commands that only affect the screen, the terminal, modules or hardware we do not model:
    /// accepted and ignored (they succeed, as they would in a GRUB that has the module).
    /// </summary>
    private static readonly HashSet<string> NoOps = new(StringComparer.Ordinal)
    {
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
    };

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

    private bool TryBuiltin(string name, List<string> args, GrubScript? block, int line, out int ret)
    {
        ret = 0;
        switch (name)
        {
            case "set":
                ret = CmdSet(args, line);
                return true;
            case "unset":
                foreach (var a in args)
                    _env.Unset(a);
                return true;
            case "export":
                foreach (var a in args)
                    _env.Export(a);
                return true;
            case "true":
                return true;
            case "false":
                ret = 1;
                return true;
            case "[" or "test":
                if (name == "[" && (args.Count == 0 || args[^1] != "]"))
                {
                    Diag(Severity.Error, "[: missing ']'", line);
                    ret = 1;
                    return true;
                }
                ret = GrubTestExpression.Evaluate(args, Resolve) ? 0 : 1;
                return true;
            case "echo":
                if (_entry is null && _echoes.Count < 10_000)
                    _echoes.Add(args.ToArray());
                return true;
            case "source" or ".":
                ret = CmdSource(args, line, newContext: false);
                return true;
            case "configfile":
                ret = CmdSource(args, line, newContext: true);
                return true;
            case "normal":
                if (args.Count > 0)
                    ret = CmdSource(args, line, newContext: true);
                return true;
            case "menuentry" or "hiddenentry":
                ret = CmdMenuEntry(args, block, line, submenu: false, hidden: name == "hiddenentry");
                return true;
            case "submenu":
                ret = CmdMenuEntry(args, block, line, submenu: true, hidden: false);
                return true;
            case "load_env":
                ret = CmdLoadEnv(args, line);
                return true;
            case "save_env":
                ret = CmdSaveEnv(args, line);
                return true;
            case "search":
                ret = CmdSearch(args, line);
                return true;
            case "search.fs_uuid":
                ret = SearchSimple(GrubDevices.SearchKind.FsUuid, args, line);
                return true;
            case "search.fs_label":
                ret = SearchSimple(GrubDevices.SearchKind.Label, args, line);
                return true;
            case "search.file":
                ret = SearchSimple(GrubDevices.SearchKind.File, args, line);
                return true;
            case "probe":
                ret = CmdProbe(args, line);
                return true;
            case "loopback":
                ret = CmdLoopback(args, line);
                return true;
            case "blscfg":
                ret = CmdBlscfg(args, line);
                return true;
            case "loadfont":
                ret = args.Count > 0 && args.All(a => Resolve(a) is { IsResolved: true } p && p.Path.Length > 0 && GrubFiles.TryStat(p.Tree!, p.Path) is not null) ? 0 : 1;
                return true;
            case "keystatus":
                // No key is held down while we evaluate.
                ret = 1;
                return true;
            case "read":
                foreach (var a in args)
                    SetVariable(a, "", line);
                return true;
            case "setparams":
                _scope = args.ToArray();
                return true;
            case "shift":
                ret = CmdShift(args);
                return true;
            case "return":
                ret = CmdReturn(args, line);
                return true;
            case "break" or "continue":
                ret = CmdBreak(name, args, line);
                return true;
            case "eval":
                if (args.Count > 0)
                    ret = RunNested(string.Join(' ', args), line);
                return true;
            case "regexp":
                ret = CmdRegexp(args, line);
                return true;
            case "linux" or "linux16" or "linuxefi" or "linux32":
                ret = CmdLinux(name, args, line);
                return true;
            case "initrd" or "initrd16" or "initrdefi" or "initrd32":
                ret = CmdInitrd(name, args, line);
                return true;
            case "devicetree":
                ret = CmdDevicetree(args, line);
                return true;
            case "module" or "module2" or "xen_module":
                ret = CmdModule(name, args, line);
                return true;
        }
        if (ForeignLoaders.TryGetValue(name, out var reason))
        {
            ret = CmdForeignLoader(name, reason, args, line);
            return true;
        }
        if (NoOps.Contains(name))
            return true;
        return false;
    }

    /// <summary>grub_core_cmd_set: "set" lists, "set a=b" assigns, "set a" is not an assignment.</summary>
    private int CmdSet(List<string> args, int line)
    {
        if (args.Count == 0)
            return 0;
        int eq = args[0].IndexOf('=');
        if (eq < 0)
        {
            Diag(Severity.Error, $"set: '{args[0]}' is not an assignment", line);
            return 1;
        }
        SetVariable(args[0][..eq], args[0][(eq + 1)..], line);
        return 0;
    }

    private int CmdShift(List<string> args)
    {
        if (_scope is null)
            return 0;
        ulong n = args.Count == 0 ? 1 : GrubTestExpression.StrToUL(args[0], 0);
        if (n > (ulong)_scope.Length)
            return 1;
        _scope = _scope[(int)n..];
        return 0;
    }

    private int CmdReturn(List<string> args, int line)
    {
        if (_callDepth == 0 || args.Count > 1)
        {
            Diag(Severity.Error, "return: not in function body", line);
            return 1;
        }
        _returning = true;
        if (args.Count == 0)
            return (int)GrubTestExpression.StrToL(_env.Get("?") ?? "0");
        // execute.c: "return N" fails with error code N, which becomes $?.
        return (int)Math.Min(GrubTestExpression.StrToUL(args[0], 0), int.MaxValue);
    }

    private int CmdBreak(string name, List<string> args, int line)
    {
        ulong count = 1;
        if (args.Count > 1)
        {
            Diag(Severity.Error, $"{name}: one argument expected", line);
            return 1;
        }
        if (args.Count == 1)
        {
            count = GrubTestExpression.StrToUL(args[0], 0);
            if (count == 0)
            {
                Diag(Severity.Error, $"{name}: can't break 0 loops", line);
                return 1;
            }
        }
        _isContinue = name == "continue";
        _breaks = (int)Math.Min(count, (ulong)_activeLoops);
        return 0;
    }

    /// <summary>grub-core/commands/regexp.c: POSIX extended match, optionally storing groups.</summary>
    private int CmdRegexp(List<string> args, int line)
    {
        var o = GrubOptions.Parse(args, [new("set", 's', GrubOptions.ValueKind.Required)]);
        if (o.Positional.Count != 2)
        {
            Diag(Severity.Error, "regexp: two arguments expected", line);
            return 1;
        }
        // POSIX ERE as gnulib's regcomp(REG_EXTENDED) (grub-core/commands/regexp.c); our own
        // engine, not System.Text.RegularExpressions, to keep ~0.3 MB out of the flash image.
        (int Start, int Length)[]? m;
        try
        {
            m = LinuxBootSharp.BootConfig.Text.PosixRegex.Compile(o.Positional[0]).Match(o.Positional[1]);
        }
        catch (LinuxBootSharp.BootConfig.Text.PosixRegexException e)
        {
            Diag(Severity.Error, $"regexp: {e.Message}", line);
            return 1;
        }
        if (m is null)
            return 1;
        foreach (var set in o.Values("set"))
        {
            int colon = set.IndexOf(':');
            int group = colon > 0 ? (int)GrubTestExpression.StrToUL(set[..colon], 0) : 1;
            var varName = colon > 0 ? set[(colon + 1)..] : set;
            if (group >= 0 && group < m.Length)
                SetVariable(varName, m[group].Start < 0 ? "" : o.Positional[1].Substring(m[group].Start, m[group].Length), line);
        }
        return 0;
    }

    /// <summary>Runs script text in the current context (eval, generated blscfg entries).</summary>
    private int RunNested(string text, int line)
    {
        var diags = new List<Diagnostic>();
        var script = GrubScriptParser.Parse(text, _file, diags);
        foreach (var d in diags)
            Diag(d.Severity, d.Message, line);
        return Execute(script);
    }
}
