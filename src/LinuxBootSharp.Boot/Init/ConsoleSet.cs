using System.Text;
using LinuxBootSharp.Interop;
using Microsoft.Win32.SafeHandles;

namespace LinuxBootSharp.Boot.Init;

/// <summary>One console device: serial line or virtual terminal.</summary>
public sealed class ConsoleDevice : IDisposable
{
    private readonly Action<string>? _warn;
    private Termios.State? _saved;
    private int _writeFailed;

    /// <param name="warn">Told once, at the first failed write, so a dead console is in the log
    /// of the others (and /dev/kmsg) without a line per frame.</param>
    public ConsoleDevice(string name, SafeFileHandle handle, Action<string>? warn = null)
    {
        Name = name;
        Handle = handle;
        _warn = warn;
    }

    /// <summary>"ttyS0", "tty0", "console".</summary>
    public string Name { get; }
    public SafeFileHandle Handle { get; }
    public int Fd => (int)Handle.DangerousGetHandle();
    public bool IsSerial => Name.StartsWith("ttyS", StringComparison.Ordinal) || Name.StartsWith("ttyAMA", StringComparison.Ordinal) || Name.StartsWith("hvc", StringComparison.Ordinal) || Name.StartsWith("ttyUSB", StringComparison.Ordinal);

    /// <summary>True once a write has failed (a serial line that hung up, a VT that went away).</summary>
    public bool WriteFailed => _writeFailed != 0;

    /// <summary>
    /// Writes the text; never throws: a console that fails must not stop the menu or the log on
    /// the others. The first failure is reported through the warn callback.
    /// </summary>
    public void Write(string text)
    {
        if (FileDescriptor.WriteAll(Handle, Encoding.UTF8.GetBytes(text)))
            return;
        var errno = ErrnoException.LastErrno;
        // Flag first: the warning is itself logged to every console, this one included.
        if (Interlocked.Exchange(ref _writeFailed, 1) == 0)
            _warn?.Invoke($"console {Name}: write failed: {errno} ({ErrnoText.Describe(errno)}); further failures on it are not logged");
    }

    /// <summary>Terminal size if the device knows it (a VT does; a serial line reports 0×0).</summary>
    public (int Cols, int Rows)? Size => Ioctl.TryGetWindowSize(Fd);

    /// <summary>Raw, non-echoing input for the menu; the previous mode is restored by <see cref="RestoreMode"/>.</summary>
    public void EnterRawMode()
    {
        if (_saved is null && Termios.TryGet(Fd, out var st))
        {
            _saved = st;
            try
            {
                Termios.Set(Fd, Termios.MakeRaw(st), Name);
            }
            catch (ErrnoException)
            {
                // Not a terminal that takes raw mode (a pipe as stdout in tests): the menu still
                // works line by line, and there is no mode to restore later.
                _saved = null;
            }
        }
    }

    public void RestoreMode()
    {
        if (_saved is Termios.State s)
        {
            try
            {
                Termios.Set(Fd, s, Name);
            }
            catch (ErrnoException)
            {
                // The terminal went away (EIO) since raw mode was set: there is nothing left to restore.
            }
            _saved = null;
        }
    }

    public void Dispose()
    {
        RestoreMode();
        Handle.Dispose();
    }
}

/// <summary>
/// The consoles named by <c>console=</c> on the kernel command line (every one of them, not just
/// the last, which is all /dev/console reaches; Documentation/admin-guide/serial-console.rst), or
/// the board's defaults, or /dev/console as the last resort.
/// </summary>
public sealed class ConsoleSet : IDisposable
{
    private readonly List<ConsoleDevice> _devices = [];

    public IReadOnlyList<ConsoleDevice> Devices => _devices;

    /// <summary>"ttyS0,115200n8" → "ttyS0"; earlycon-style specs ("uart8250,io,0x3f8") → null.</summary>
    public static string? DeviceName(string spec)
    {
        var name = spec.Split(',')[0].Trim();
        if (name.Length == 0 || name.StartsWith("uart", StringComparison.Ordinal) || name.Contains('/'))
            return null;
        return name;
    }

    public static ConsoleSet Open(IEnumerable<string> specs, Action<string> warn, string devDir = "/dev")
    {
        var set = new ConsoleSet();
        foreach (var spec in specs)
        {
            var name = DeviceName(spec);
            if (name is null || set._devices.Any(d => d.Name == name))
                continue;
            try
            {
                var h = FileDescriptor.Open(Path.Combine(devDir, name), FileDescriptor.ReadWrite | FileDescriptor.NoCtty);
                set._devices.Add(new ConsoleDevice(name, h, warn));
            }
            catch (ErrnoException e)
            {
                warn($"console {name}: {e.Message}");
            }
        }
        if (set._devices.Count == 0)
        {
            try
            {
                set._devices.Add(new ConsoleDevice("console", FileDescriptor.Open(Path.Combine(devDir, "console"), FileDescriptor.ReadWrite | FileDescriptor.NoCtty), warn));
            }
            catch (ErrnoException e)
            {
                warn($"console: {e.Message}");
            }
        }
        return set;
    }

    /// <summary>Writes to every console; one that fails is reported once by the device and skipped over.</summary>
    public void WriteAll(string text)
    {
        foreach (var d in _devices)
            d.Write(text);
    }

    /// <summary>Waits up to <paramref name="timeoutMs"/> for input on any console; returns (console, bytes) or null.</summary>
    public (ConsoleDevice Console, byte[] Data)? ReadAny(int timeoutMs)
    {
        if (_devices.Count == 0)
        {
            Thread.Sleep(timeoutMs);
            return null;
        }
        Span<Poll.PollFd> fds = stackalloc Poll.PollFd[_devices.Count];
        for (int i = 0; i < _devices.Count; i++)
            fds[i] = new Poll.PollFd { Fd = _devices[i].Fd, Events = Poll.In };
        if (Poll.Wait(fds, timeoutMs) <= 0)
            return null;
        for (int i = 0; i < _devices.Count; i++)
        {
            if ((fds[i].REvents & Poll.In) != 0)
            {
                var buf = new byte[256];
                int n = FileDescriptor.Read(_devices[i].Handle, buf);
                if (n > 0)
                    return (_devices[i], buf[..n]);
            }
        }
        // Hang-up or error on every ready fd: avoid a busy loop.
        Thread.Sleep(Math.Min(timeoutMs, 50));
        return null;
    }

    public void Dispose()
    {
        foreach (var d in _devices)
            d.Dispose();
        _devices.Clear();
    }
}
