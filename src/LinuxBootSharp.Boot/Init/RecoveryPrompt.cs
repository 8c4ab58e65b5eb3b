using System.Text;
using LinuxBootSharp.Interop;

namespace LinuxBootSharp.Boot.Init;

/// <summary>
/// The last resort of PID 1: a one-key prompt on every console. PID 1 must never return (the
/// kernel panics when init exits), so this loops until the user picks an action; if no console
/// can be read at all it reboots after a delay instead of spinning.
/// </summary>
public sealed class RecoveryPrompt
{
    private readonly ConsoleSet _consoles;
    private readonly BootLog _log;

    public RecoveryPrompt(ConsoleSet consoles, BootLog log)
    {
        _consoles = consoles;
        _log = log;
    }

    /// <summary>Returns when the user asks to retry (Enter); reboots or powers off otherwise.</summary>
    public void Run(string reason)
    {
        _log.Error(reason);
        int silentRounds = 0;
        while (true)
        {
            _consoles.WriteAll("\nlbs recovery: [Enter] retry  [r] reboot  [p] power off\n> ");
            (ConsoleDevice Console, byte[] Data)? input;
            try
            {
                input = _consoles.Devices.Count == 0 ? null : _consoles.ReadAny(60_000);
            }
            catch (Exception e)
            {
                _log.Error("reading the console failed: " + e.Message);
                input = null;
            }
            if (input is null)
            {
                if (_consoles.Devices.Count == 0 && ++silentRounds > 1)
                {
                    _log.Error("no usable console: rebooting");
                    TryReboot(Reboot.CmdRestart);
                }
                Thread.Sleep(_consoles.Devices.Count == 0 ? 30_000 : 0);
                continue;
            }
            var text = Encoding.UTF8.GetString(input.Value.Data).Trim().ToLowerInvariant();
            if (text.StartsWith('r'))
                TryReboot(Reboot.CmdRestart);
            else if (text.StartsWith('p'))
                TryReboot(Reboot.CmdPowerOff);
            else
                return;
        }
    }

    private void TryReboot(int cmd)
    {
        try
        {
            Sync.Invoke();
            Reboot.Invoke(cmd);
        }
        catch (Exception e)
        {
            _log.Error(e.Message);
        }
    }
}
