namespace LinuxBootSharp.BootConfig.Grub;

/// <summary>
/// Finding devices: <c>search --file/--label/--fs-uuid [--set VAR]</c> and its short forms
/// <c>search.file</c>, <c>search.fs_label</c>, <c>search.fs_uuid</c>
/// (grub-core/commands/search_wrap.c, search.c), and <c>probe</c> (grub-core/commands/probe.c).
/// <c>set root=...</c> is an ordinary variable; device names are resolved by
/// <see cref="GrubDevices"/>.
/// </summary>
internal sealed class GrubSearchCommands(GrubContext ctx) : IGrubCommandFamily
{
    private static readonly GrubOptions.Spec[] SearchOptions =
    [
        new("file", 'f', GrubOptions.ValueKind.None),
        new("label", 'l', GrubOptions.ValueKind.None),
        new("fs-uuid", 'u', GrubOptions.ValueKind.None),
        new("set", 's', GrubOptions.ValueKind.Optional),
        new("no-floppy", 'n', GrubOptions.ValueKind.None),
        new("efidisk-only", '\0', GrubOptions.ValueKind.None),
        new("hint", 'h', GrubOptions.ValueKind.Required),
        new("hint-*", '\0', GrubOptions.ValueKind.Required),
    ];

    private static readonly GrubOptions.Spec[] ProbeOptions =
    [
        new("set", 's', GrubOptions.ValueKind.Required),
        new("driver", 'd', GrubOptions.ValueKind.None),
        new("partmap", 'p', GrubOptions.ValueKind.None),
        new("fs", 'f', GrubOptions.ValueKind.None),
        new("fs-uuid", 'u', GrubOptions.ValueKind.None),
        new("label", 'l', GrubOptions.ValueKind.None),
        new("part-uuid", '\0', GrubOptions.ValueKind.None),
        new("part-label", '\0', GrubOptions.ValueKind.None),
    ];

    public void Register(GrubCommandTable table)
    {
        table.Add("search", CmdSearch);
        table.Add("search.fs_uuid", c => SearchSimple(GrubDevices.SearchKind.FsUuid, c));
        table.Add("search.fs_label", c => SearchSimple(GrubDevices.SearchKind.Label, c));
        table.Add("search.file", c => SearchSimple(GrubDevices.SearchKind.File, c));
        table.Add("probe", CmdProbe);
    }

    /// <summary>search (grub-core/commands/search_wrap.c): the type option is required; without
    /// --set the result is only printed; a failed search leaves the variable unchanged.</summary>
    private int CmdSearch(GrubCall c)
    {
        var o = GrubOptions.Parse(c.Args, SearchOptions);
        if (o.Error is not null)
        {
            ctx.Diag(Severity.Error, $"search: {o.Error}", c.Line);
            return 1;
        }
        if (o.Positional.Count == 0)
        {
            ctx.Diag(Severity.Error, "search: no argument specified", c.Line);
            return 1;
        }
        GrubDevices.SearchKind kind;
        if (o.Has("label"))
            kind = GrubDevices.SearchKind.Label;
        else if (o.Has("fs-uuid"))
            kind = GrubDevices.SearchKind.FsUuid;
        else if (o.Has("file"))
            kind = GrubDevices.SearchKind.File;
        else
        {
            ctx.Diag(Severity.Error, "search: unspecified search type", c.Line);
            return 1;
        }
        string? variable = o.Has("set") ? o.Value("set") ?? "root" : null;
        return Search(kind, o.Positional[0], variable, c.Line);
    }

    /// <summary>search.fs_uuid / search.fs_label / search.file KEY [VARIABLE] (search.c).</summary>
    private int SearchSimple(GrubDevices.SearchKind kind, GrubCall c)
    {
        if (c.Args.Count == 0)
        {
            ctx.Diag(Severity.Error, "search: one argument expected", c.Line);
            return 1;
        }
        return Search(kind, c.Args[0], c.Args.Count > 1 ? c.Args[1] : null, c.Line);
    }

    private int Search(GrubDevices.SearchKind kind, string key, string? variable, int line)
    {
        var hit = ctx.Devices.Search(kind, key, ctx.TryStat);
        if (hit is null)
        {
            string what = kind switch
            {
                GrubDevices.SearchKind.FsUuid => "no such device with UUID",
                GrubDevices.SearchKind.Label => "no such device with label",
                _ => "no device has the file",
            };
            ctx.Diag(Severity.Info, $"search: {what} '{key}'", line);
            return 1;
        }
        if (variable is not null)
            ctx.SetVariable(variable, ctx.Devices.NameOf(hit), line);
        return 0;
    }

    /// <summary>probe (grub-core/commands/probe.c) for the identity fields we know.</summary>
    private int CmdProbe(GrubCall c)
    {
        var o = GrubOptions.Parse(c.Args, ProbeOptions);
        if (o.Positional.Count != 1)
        {
            ctx.Diag(Severity.Error, "probe: one device expected", c.Line);
            return 1;
        }
        var tree = ctx.Devices.Find(o.Positional[0]);
        if (tree is null)
        {
            ctx.Diag(Severity.Info, $"probe: disk '{o.Positional[0]}' not found", c.Line);
            return 1;
        }
        var id = tree.Identity;
        string? value = o.Has("fs-uuid") ? id.Uuid
            : o.Has("label") ? id.Label
            : o.Has("fs") ? (id.Type is "ext2" or "ext3" or "ext4" ? "ext2" : id.Type is "vfat" ? "fat" : id.Type)
            : o.Has("part-uuid") ? id.PartitionUuid
            : o.Has("part-label") ? id.PartitionLabel
            : o.Has("partmap") ? id.PartitionScheme
            : null;
        if (value is null)
            return 1;
        if (o.Value("set") is string v)
            ctx.SetVariable(v, value, c.Line);
        return 0;
    }
}
