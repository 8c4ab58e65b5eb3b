using LinuxBootSharp.Boot.Kexec;

namespace LinuxBootSharp.Boot.Init;

/// <summary>
/// What PID 1 does once the system is up: the kexec benchmark (<c>lbs.bench=kexec</c>), a boot
/// named on the kernel command line (<c>lbs.boot=</c>), or the menu. Always the real kexec:
/// <c>lbs.dryrun</c> is an option of the boot path (<see cref="BootOptions"/>), not another IKexec.
/// </summary>
public static class InitFlow
{
    public static void Run(InitContext ctx)
    {
        if (KexecBenchFlow.IsRequested(ctx.Cmdline))
            KexecBenchFlow.Run(ctx);
        else if (CmdlineBootFlow.IsRequested(ctx.Cmdline))
            CmdlineBootFlow.Run(ctx, new KexecFileLoader());
        else
            MenuBootFlow.Run(ctx, new KexecFileLoader());
    }
}
