using System.Globalization;
using System.Text;
using LinuxBootSharp.Interop;
using Microsoft.Win32.SafeHandles;

namespace LinuxBootSharp.Boot.Init;

/// <summary>
/// The init log: every line goes to each console with the guest uptime in the kernel's own
/// "[    1.234567]" format, and to /dev/kmsg as one record ("&lt;7&gt;lbs: ...", the priority
/// prefix described in Documentation/ABI/testing/dev-kmsg) so it lands in dmesg too.
/// Thread-safe; never throws.
/// </summary>
public sealed class BootLog
{
    private readonly object _lock = new();
    private readonly List<Action<string>> _sinks = [];
    private readonly HashSet<Action<string>> _failedSinks = [];
    private SafeFileHandle? _kmsg;

    public void AddSink(Action<string> sink)
    {
        lock (_lock)
            _sinks.Add(sink);
    }

    public void ClearSinks()
    {
        lock (_lock)
            _sinks.Clear();
    }

    /// <summary>Opens /dev/kmsg (after devtmpfs is mounted). Failure is ignored: the consoles still get every line.</summary>
    public void OpenKmsg(string path = "/dev/kmsg")
    {
        try
        {
            _kmsg = FileDescriptor.Open(path, FileDescriptor.WriteOnly);
        }
        catch (ErrnoException)
        {
            _kmsg = null;
        }
    }

    public static TimeSpan Uptime()
    {
        try
        {
            return ClockGetTime.Uptime();
        }
        catch (ErrnoException)
        {
            return TimeSpan.FromTicks(Environment.TickCount64 * TimeSpan.TicksPerMillisecond);
        }
    }

    /// <summary>"[    1.234567]" as printk formats its timestamps.</summary>
    public static string Stamp(TimeSpan t) =>
        string.Create(CultureInfo.InvariantCulture, $"[{(long)t.TotalSeconds,5}.{t.Ticks % TimeSpan.TicksPerSecond / 10:D6}]");

    public void Info(string message) => Write(6, message);

    public void Warn(string message) => Write(4, "warning: " + message);

    public void Error(string message) => Write(3, "error: " + message);

    private void Write(int priority, string message)
    {
        var line = $"{Stamp(Uptime())} lbs: {message}";
        lock (_lock)
        {
            foreach (var s in _sinks)
            {
                try
                {
                    s(line + "\n");
                }
                catch (Exception e)
                {
                    // A sink that fails must not stop the log reaching the others. It cannot be
                    // told through the sinks, so /dev/kmsg gets it, once per sink.
                    if (_failedSinks.Add(s) && _kmsg is not null)
                        FileDescriptor.WriteAll(_kmsg, Encoding.UTF8.GetBytes($"<4>lbs: a log sink failed: {e.GetType().Name}: {e.Message}\n"));
                }
            }
            if (_kmsg is not null)
            {
                // Level 7 (debug) on purpose: the kernel echoes kmsg records below the console
                // loglevel to the console, where this line was already printed once.
                _ = priority;
                if (!FileDescriptor.WriteAll(_kmsg, Encoding.UTF8.GetBytes($"<7>lbs: {message}\n")))
                    _kmsg = null;
            }
        }
    }
}
