using LinuxBootSharp.Storage;

namespace LinuxBootSharp.BootConfig.Grub;

/// <summary>
/// <c>loopback [-d] NAME FILE</c> (grub-core/disk/loopback.c): FILE becomes the device NAME, so
/// entries can boot a kernel from inside an ISO image. Opening the image is the host's job
/// (<see cref="ILoopbackOpener"/>); each image is opened once per evaluation, however many
/// entries or loop turns ask for it.
/// </summary>
internal sealed class GrubLoopbackCommand(GrubContext ctx, ILoopbackOpener opener) : IGrubCommandFamily
{
    private static readonly GrubOptions.Spec[] Options =
    [
        new("delete", 'd', GrubOptions.ValueKind.None),
        new("decompress", 'D', GrubOptions.ValueKind.None),
    ];

    private readonly Dictionary<string, (IFileTree? Tree, string? Problem)> _opened = new(StringComparer.Ordinal);

    public void Register(GrubCommandTable table) => table.Add("loopback", CmdLoopback);

    private int CmdLoopback(GrubCall c)
    {
        var o = GrubOptions.Parse(c.Args, Options);
        if (o.Has("delete"))
        {
            if (o.Positional.Count < 1)
                return 1;
            return ctx.Devices.RemoveLoopback(o.Positional[0]) ? 0 : 1;
        }
        if (o.Positional.Count != 2)
        {
            ctx.Diag(Severity.Error, "loopback: two arguments expected (NAME FILE)", c.Line);
            return 1;
        }
        var p = ctx.Resolve(o.Positional[1]);
        if (!p.IsResolved || p.Path.Length == 0)
        {
            ctx.Diag(Severity.Error, $"loopback: {p.Problem ?? "a file is needed"}", c.Line);
            return 1;
        }
        var imageKey = GrubContext.Display(p.Tree!, p.Path);
        if (!_opened.TryGetValue(imageKey, out var opened))
        {
            IFileTree? t;
            string? why;
            try
            {
                t = opener.Open(new FileRef(p.Tree!, p.Path), out why);
            }
            catch (StorageException e)
            {
                t = null;
                why = e.Message;
            }
            opened = (t, why);
            _opened[imageKey] = opened;
        }
        var (tree, problem) = opened;
        if (tree is null)
        {
            ctx.Diag(Severity.Error, $"loopback: cannot open '{p.Path}': {problem}", c.Line);
            return 1;
        }
        if (!ctx.Devices.AddLoopback(o.Positional[0], tree))
        {
            ctx.Diag(Severity.Error, $"loopback: more than {GrubDevices.MaxLoopbackDevices} loopback devices", c.Line);
            return 1;
        }
        return 0;
    }
}
