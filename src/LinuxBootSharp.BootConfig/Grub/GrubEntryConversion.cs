namespace LinuxBootSharp.BootConfig.Grub;

/// <summary>A menu item and what its body's loader commands did, as the <see cref="BootEntry"/> the pipeline lists.</summary>
internal static class GrubEntryConversion
{
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
        if (item.Users is not null)
            e.Properties["users"] = item.Users;
        if (item.Hotkey is not null)
            e.Properties["hotkey"] = item.Hotkey;
        if (item.Unrestricted)
            e.Properties["unrestricted"] = "true";
        if (item.Hidden)
            e.Properties["hidden"] = "true";
        if (state.Loader is not null)
            e.Properties["grub.loader"] = state.Loader;
        if (state.KernelName is not null)
            // GRUB's x86 linux loader prefixes the command line with BOOT_IMAGE=<this>
            // (grub-core/loader/i386/linux.c); kept here for the pipeline to decide.
            e.Properties["grub.boot_image"] = state.KernelName;
        for (int i = 0; i < state.Modules.Count; i++)
            e.Properties[$"grub.module{i + 1}"] = state.Modules[i];
        if (e.Kernel is null && e.NotBootableReason is null && !e.Diagnostics.Any(d => d.Severity == Severity.Error))
            e.NotBootableReason = "the entry loads no kernel (no linux command)";
        return e;
    }
}
