using LinuxBootSharp.Boards;
using LinuxBootSharp.Interop;
using Microsoft.Win32.SafeHandles;

namespace LinuxBootSharp.Boot.Init;

/// <summary>
/// PID-1 duties in order: mount /proc /sys /dev /run; open the consoles; pick the board; load
/// its modules; then run the boot flow (orphans are reaped from the first spawn on, see
/// <see cref="ZombieReaper"/>). Never returns: any exception, and a boot flow that gives up,
/// end in the recovery prompt, which retries the flow.
/// </summary>
public static class InitProcess
{
    public static void Run(Action<InitContext> bootFlow)
    {
        var log = new BootLog();
        // Until the consoles are open, the kernel's /dev/console (our stdout) is the only sink,
        // written as the consoles are (System.Console's setup costs ~20 ms under TCG).
        log.AddSink(new ConsoleDevice("console", new SafeFileHandle(1, ownsHandle: false)).Write);
        ConsoleSet? consoles = null;
        InitContext? ctx = null;
        try
        {
            log.Info($"started as PID {Environment.ProcessId}, uptime {BootLog.Uptime().TotalSeconds:0.000} s");
            SystemMounts.MountAll(log);
            log.OpenKmsg();
            var cmdline = new KernelCommandLine(SysFile.TryReadText("/proc/cmdline", 64 << 10) ?? "");
            var dmi = BoardCatalog.ReadDmi(SysFile.TryReadAttribute);
            var board = cmdline.Get("lbs.board") is string forced && BoardCatalog.Find(forced) is BoardProfile fb ? fb : BoardCatalog.Select(dmi);
            var specs = cmdline.GetAll("console");
            consoles = ConsoleSet.Open(specs.Count > 0 ? specs : board.Consoles, m => log.Warn(m));
            if (consoles.Devices.Count > 0)
            {
                log.ClearSinks();
                var cs = consoles;
                log.AddSink(cs.WriteAll);
            }
            log.Info($"consoles: {string.Join(", ", consoles.Devices.Select(d => d.Name))}");
            log.Info($"board: {board.Name} (dmi {string.Join(", ", dmi.Select(kv => kv.Key + "=" + kv.Value))})");
            ModuleLoader.LoadAll(log);
            ctx = new InitContext { Log = log, Consoles = consoles, Board = board, Cmdline = cmdline };
        }
        catch (Exception e)
        {
            log.Error($"init setup failed: {e.GetType().Name}: {e.Message}");
        }
        consoles ??= new ConsoleSet();
        ctx ??= new InitContext { Log = log, Consoles = consoles, Board = BoardCatalog.Generic, Cmdline = new KernelCommandLine("") };
        var recovery = new RecoveryPrompt(consoles, log);
        while (true)
        {
            string reason;
            try
            {
                bootFlow(ctx);
                reason = "nothing was booted";
            }
            catch (Exception e)
            {
                reason = $"boot flow failed: {e.GetType().Name}: {e.Message}";
            }
            recovery.Run(reason);
        }
    }
}
