using LinuxBootSharp.Boot.Kexec;

namespace LinuxBootSharp.Boot.Init;

/// <summary>
/// Boot named on the kernel command line, for testing the chain without disks and for
/// fixed-purpose boards: <c>lbs.boot=/path/vmlinuz lbs.initrd=/a.cpio,/b.cpio
/// lbs.append="console=ttyS0 ..."</c> (paths inside the initramfs; <c>lbs.initrd</c> may repeat;
/// without <c>lbs.append</c> the current command line is reused minus lbs.* parameters;
/// <c>lbs.dryrun</c> prints the plan and stops before loading).
/// </summary>
public static class CmdlineBootFlow
{
    public static bool IsRequested(KernelCommandLine cmdline) => cmdline.Get("lbs.boot") is { Length: > 0 };

    public static BootRequest BuildRequest(InitContext ctx)
    {
        var c = ctx.Cmdline;
        var kernel = c.Get("lbs.boot")!;
        var initrds = c.GetAll("lbs.initrd").SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        var append = c.Get("lbs.append");
        var cmdline = append ?? BoardCmdlineEdits.ForReuse(c.Text);
        cmdline = BoardCmdlineEdits.Apply(cmdline, ctx.Board);
        return new BootRequest(kernel, BootFile.FromHostPath(kernel), initrds.Select(BootFile.FromHostPath).ToList(), cmdline);
    }

    /// <summary>Loads and executes (with lbs.dryrun: prints the plan); on failure logs the reason and returns (the caller falls back).</summary>
    public static void Run(InitContext ctx, IKexec kexec)
    {
        BootRequest req;
        try
        {
            req = BuildRequest(ctx);
        }
        catch (Exception e)
        {
            ctx.Log.Error("lbs.boot: " + e.Message);
            return;
        }
        ctx.Log.Info($"booting {req.Kernel.Display} from the kernel command line");
        try
        {
            new BootRunner(kexec, ctx.Board, BootOptions.FromKernelCommandLine(ctx.Cmdline, ctx.Log.Info)).Run(req);
        }
        catch (BootLoadException e)
        {
            ctx.Log.Error("load failed: " + e.Message);
        }
    }
}
