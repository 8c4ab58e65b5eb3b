namespace LinuxBootSharp.BootConfig.Grub;

/// <summary>
/// <c>menuentry</c>, <c>hiddenentry</c> and <c>submenu</c> (grub-core/commands/menuentry.c):
/// options, then the title and any extra arguments, then the block. The block is stored in the
/// current menu, not run; <see cref="GrubMenuBuilder"/> evaluates it after the config.
/// </summary>
internal sealed class GrubMenuEntryCommand(GrubContext ctx) : IGrubCommandFamily
{
    private static readonly GrubOptions.Spec[] Options =
    [
        new("class", '\0', GrubOptions.ValueKind.Required),
        new("users", '\0', GrubOptions.ValueKind.Required),
        new("hotkey", '\0', GrubOptions.ValueKind.Required),
        new("source", '\0', GrubOptions.ValueKind.Required),
        new("id", '\0', GrubOptions.ValueKind.Required),
        new("unrestricted", '\0', GrubOptions.ValueKind.None),
    ];

    public void Register(GrubCommandTable table)
    {
        table.Add("menuentry", c => Add(c, submenu: false, hidden: false));
        table.Add("hiddenentry", c => Add(c, submenu: false, hidden: true));
        table.Add("submenu", c => Add(c, submenu: true, hidden: false));
    }

    private int Add(GrubCall c, bool submenu, bool hidden)
    {
        string what = submenu ? "submenu" : "menuentry";
        var menu = ctx.Menu;
        if (c.Block is null)
        {
            ctx.Diag(Severity.Error, $"{what}: no menuentry definition (missing '{{ ... }}')", c.Line);
            return 1;
        }
        if (menu.Items.Count >= GrubMenu.MaxItems)
        {
            if (!menu.Overflowed)
                ctx.Diag(Severity.Error, $"{what}: more than {GrubMenu.MaxItems} entries in one menu; the rest are ignored", c.Line);
            menu.Overflowed = true;
            return 1;
        }
        var o = GrubOptions.Parse(c.Args, Options);
        if (o.Error is not null)
        {
            ctx.Diag(Severity.Error, $"{what}: {o.Error}", c.Line);
            return 1;
        }
        if (o.Positional.Count == 0)
        {
            ctx.Diag(Severity.Error, $"{what}: missing arguments (no title)", c.Line);
            return 1;
        }
        menu.Items.Add(new GrubMenuItem
        {
            Title = o.Positional[0],
            Id = o.Value("id"),
            Classes = o.Values("class").ToArray(),
            Users = o.Value("users"),
            Hotkey = o.Value("hotkey"),
            Unrestricted = o.Has("unrestricted"),
            Hidden = hidden,
            IsSubmenu = submenu,
            Arguments = o.Positional.ToArray(),
            Body = c.Block,
            File = ctx.File,
            Line = c.Line,
        });
        return 0;
    }
}
