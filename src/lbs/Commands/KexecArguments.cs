namespace LinuxBootSharp.Cli.Commands;

/// <summary>A kexec command line that kexec-tools would refuse too (exit 1), or an option lbs does not implement.</summary>
internal sealed class KexecUsageException(string message) : Exception(message);

/// <summary>
/// kexec's options read the way getopt_long reads them (glibc getopt(3)): short options cluster
/// ("-le"), "-tTYPE" / "-t TYPE", "--name=value" / "--name value", a long name may be shortened to
/// any unique prefix, operands may come anywhere (argument permutation), "--" ends the options.
/// The state changes follow kexec/kexec.c main() option by option, so a later option overrides an
/// earlier one exactly as there ("-l -e" executes).
/// </summary>
internal sealed class KexecArguments
{
    public bool HasOptLoad, DoLoad = true, DoExec, DoShutdown = true, DoSync = true, DoIfdown, DoUnload;
    public bool SkipSync, SkipIfdown, Crash, Status, Debug, Help, Version, PrintCrashSize;
    public bool FileSyscall = true, ExplicitFileSyscall;
    public string? Type, Append, Dtb, Sha256File, Entry;
    public bool ReuseCmdline, NoRandomSeed;
    public List<(string Path, string? Sha256)> Initrds { get; } = [];
    public string? KernelSha256;
    public List<string> Segments { get; } = [];
    public List<string> AppendCpio { get; } = [];
    public List<string> Operands { get; } = [];

    public static KexecArguments Parse(string[] args)
    {
        var a = new KexecArguments();
        bool ended = false;
        string lastFile = "";
        for (int i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (ended || arg == "-" || !arg.StartsWith('-'))
            {
                a.Operands.Add(arg);
                if (a.Operands.Count == 1)
                    lastFile = "kernel";
                continue;
            }
            if (arg == "--")
            {
                ended = true;
                continue;
            }
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                var body = arg[2..];
                int eq = body.IndexOf('=');
                var name = eq < 0 ? body : body[..eq];
                var opt = FindLong(name);
                string? value = null;
                if (opt.HasValue)
                {
                    if (eq >= 0) value = body[(eq + 1)..];
                    else if (i + 1 < args.Length) value = args[++i];
                    else throw new KexecUsageException($"option '--{opt.Long}' requires an argument");
                }
                else if (eq >= 0)
                {
                    throw new KexecUsageException($"option '--{opt.Long}' doesn't allow an argument");
                }
                a.Apply(opt, value, ref lastFile);
                continue;
            }
            for (int k = 1; k < arg.Length; k++)
            {
                var opt = KexecOptionTable.All.FirstOrDefault(o => o.Short == arg[k])
                    ?? throw new KexecUsageException($"invalid option -- '{arg[k]}'");
                string? value = null;
                if (opt.HasValue)
                {
                    if (k + 1 < arg.Length) value = arg[(k + 1)..];
                    else if (i + 1 < args.Length) value = args[++i];
                    else throw new KexecUsageException($"option requires an argument -- '{arg[k]}'");
                    a.Apply(opt, value, ref lastFile);
                    break;
                }
                a.Apply(opt, null, ref lastFile);
            }
        }
        if (a.SkipIfdown) a.DoIfdown = false;
        if (a.SkipSync) a.DoSync = false;
        // kexec.c: --status checks the crash kernel unless -l was given, and does nothing else.
        if (a.Status)
        {
            if (!a.HasOptLoad)
                a.Crash = true;
            a.DoLoad = a.DoUnload = a.DoShutdown = a.DoSync = a.DoIfdown = a.DoExec = false;
        }
        return a;
    }

    private static KexecOption FindLong(string name)
    {
        var exact = KexecOptionTable.All.FirstOrDefault(o => o.Long == name);
        if (exact is not null)
            return exact;
        var prefixed = KexecOptionTable.All.Where(o => o.Long.StartsWith(name, StringComparison.Ordinal)).ToList();
        return prefixed.Count switch
        {
            1 => prefixed[0],
            0 => throw new KexecUsageException($"unrecognized option '--{name}'"),
            _ => throw new KexecUsageException($"option '--{name}' is ambiguous; possibilities: {string.Join(" ", prefixed.Select(o => "'--" + o.Long + "'"))}"),
        };
    }

    private void Apply(KexecOption o, string? v, ref string lastFile)
    {
        if (o.Support == KexecOptionSupport.Unsupported)
            throw new KexecUsageException($"--{o.Long} is not supported by lbs: {o.Why}");
        switch (o.Long)
        {
            case "help": Help = true; break;
            case "version": Version = true; break;
            case "debug": Debug = true; break;
            case "no-ifdown": SkipIfdown = true; break;
            case "no-sync": SkipSync = true; break;
            case "no-checks": break;
            // The assignments of kexec.c main(), option by option.
            case "force": DoLoad = true; DoShutdown = false; DoSync = true; DoIfdown = true; DoExec = true; break;
            case "load": HasOptLoad = true; DoLoad = true; DoExec = false; DoShutdown = false; break;
            case "unload": DoLoad = false; DoShutdown = false; DoSync = false; DoUnload = true; break;
            case "exec": DoLoad = false; DoShutdown = false; DoSync = true; DoIfdown = true; DoExec = true; break;
            case "load-panic": DoLoad = true; DoExec = false; DoShutdown = false; DoSync = false; Crash = true; break;
            case "kexec-file-syscall": FileSyscall = true; ExplicitFileSyscall = true; break;
            case "kexec-syscall-auto": FileSyscall = true; break;
            case "kexec-syscall": FileSyscall = false; ExplicitFileSyscall = false; break;
            case "status": Status = true; break;
            case "print-ckr-size": PrintCrashSize = true; break;
            case "type": Type = v; break;
            case "entry": Entry = v; break;
            case "command-line" or "append": Append = v; break;
            case "reuse-cmdline": ReuseCmdline = true; break;
            case "initrd" or "ramdisk": Initrds.Add((v!, null)); lastFile = "initrd"; break;
            case "dtb": Dtb = v; break;
            case "segment": Segments.Add(v!); lastFile = "segment"; break;
            case "sha256-file": Sha256File = v; break;
            case "append-cpio": AppendCpio.Add(v!); break;
            case "no-random-seed": NoRandomSeed = true; break;
            case "sha256":
                if (lastFile == "initrd" && Initrds[^1].Sha256 is null)
                    Initrds[^1] = (Initrds[^1].Path, v);
                else if (lastFile is "" or "kernel" && KernelSha256 is null)
                    KernelSha256 = v;
                else
                    throw new KexecUsageException($"--sha256 {v}: put it right after the kernel or the --initrd it checks (each file takes one)");
                break;
        }
    }
}
