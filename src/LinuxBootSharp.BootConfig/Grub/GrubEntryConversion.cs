namespace LinuxBootSharp.BootConfig.Grub;

/// <summary>A menu item and what its body's loader commands did, as the <see cref="BootEntry"/> the pipeline lists.</summary>
internal static class GrubEntryConversion
{
    /// <summary>
    /// GRUB's Linux loaders (grub-core/loader/i386/linux.c, loader/efi/linux.c) write
    /// "BOOT_IMAGE=" and then grub_create_loader_cmdline over the whole argument list, the kernel
    /// file as written first: the name is quoted and escaped like any argument
    /// (<see cref="GrubLoaderCommandLine"/>). The editor edits only the arguments after it.
    /// </summary>
    public static string BootImagePrefix(string kernelAsWritten) => "BOOT_IMAGE=" + GrubLoaderCommandLine.Build([kernelAsWritten]);

    public static BootEntry ToBootEntry(GrubMenuItem item, List<string> path, GrubEntryState state)
    {
        var e = new BootEntry
        {
            Title = item.Title,
            Id = item.Id,
            Source = "grub",
            SourceFile = item.File,
            SourceLine = item.Line,
            SubmenuPath = path.ToArray(),
            Kernel = state.Kernel,
            Cmdline = state.Cmdline,
            DeviceTree = state.DeviceTree,
            NotBootableReason = state.NotBootableReason,
            Version = item.Version,
        };
        e.Initrds.AddRange(state.Initrds);
        e.Diagnostics.AddRange(state.Diagnostics);
        if (item.Classes.Count > 0)
            e.Properties["class"] = string.Join(' ', item.Classes);
        // menuentry.c grub_cmd_menuentry: --users (with a value) makes the entry restricted to
        // those users, else --unrestricted frees it, else it is restricted to the superusers.
        if (item.Users is not null)
            e.Users = GrubMenuFacts.SplitWords(item.Users);
        e.Unrestricted = item.Unrestricted && item.Users is null;
        e.Hotkey = GrubMenuFacts.ParseHotkey(item.Hotkey, out var hotkeyProblem);
        if (hotkeyProblem is not null)
            e.Diagnostics.Add(new Diagnostic(Severity.Info, hotkeyProblem, item.File, item.Line));
        if (item.Hidden)
            e.Hidden = true;
        if (state.Loader is not null)
            e.Properties["grub.loader"] = state.Loader;
        if (state.KernelName is not null)
            e.CmdlinePrefix = BootImagePrefix(state.KernelName);
        for (int i = 0; i < state.Modules.Count; i++)
            e.Properties[$"grub.module{i + 1}"] = state.Modules[i];
        if (e.Kernel is null && e.NotBootableReason is null && !e.Diagnostics.Any(d => d.Severity == Severity.Error))
            e.NotBootableReason = "the entry loads no kernel (no linux command)";
        return e;
    }
}
