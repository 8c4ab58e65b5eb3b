using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace LinuxBootSharp.IntegrationTests;

/// <summary>
/// One QEMU guest under TCG with its serial console on stdio. The test reads the console as
/// lines, waits for marker lines (never the exit status: a kernel panic also exits QEMU with 0),
/// and can type on the console. Always -no-reboot and a hard timeout; disks snapshot=on.
/// </summary>
public sealed class QemuMachine : IDisposable
{
    private readonly Process _p;
    private readonly StringBuilder _all = new();
    private readonly List<string> _lines = [];
    private readonly object _lock = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ITestOutputHelperSink? _sink;
    private readonly StringBuilder _partial = new();
    private readonly string _monitorPath = Path.Combine(Path.GetTempPath(), $"lbs-qemu-{Guid.NewGuid():N}.sock");

    public static TimeSpan DefaultTimeout => TimeSpan.FromSeconds(Environment.GetEnvironmentVariable("LBS_QEMU_TIMEOUT") is string t ? int.Parse(t) : 180);

    public QemuMachine(string kernel, string initrd, string append, IEnumerable<string>? extraArgs = null, ITestOutputHelperSink? sink = null, int memoryMb = 1024)
    {
        _sink = sink;
        var psi = new ProcessStartInfo(Artifacts.Qemu)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
        {
            "-accel", "tcg", "-cpu", "max", "-m", memoryMb.ToString(), "-smp", "1",
            "-nodefaults", "-display", "none", "-serial", "stdio", "-no-reboot",
            // The human monitor on a socket, for Monitor() (device_add and friends).
            "-monitor", $"unix:{_monitorPath},server=on,wait=off",
            // no_timer_check: under TCG on a loaded host the kernel's IO-APIC timer check can fail
            // and panic ("IO-APIC + timer doesn't work") before anything of ours runs.
            "-kernel", kernel, "-initrd", initrd, "-append", "no_timer_check " + append,
        })
            psi.ArgumentList.Add(a);
        foreach (var a in extraArgs ?? [])
            psi.ArgumentList.Add(a);
        CommandLine = string.Join(' ', psi.ArgumentList.Select(a => a.Contains(' ') ? $"'{a}'" : a));
        _p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start qemu");
        _ = Task.Run(() => Pump(_p.StandardOutput.BaseStream));
        _ = Task.Run(() => Pump(_p.StandardError.BaseStream));
        _ = Task.Run(async () =>
        {
            await _p.WaitForExitAsync();
            await Task.Delay(200);
            _exited.TrySetResult();
        });
    }

    public string CommandLine { get; }

    public string Output
    {
        get
        {
            lock (_lock)
                return _all.ToString();
        }
    }

    public bool HasExited => _exited.Task.IsCompleted;

    private async Task Pump(Stream s)
    {
        var buf = new byte[4096];
        while (true)
        {
            int n;
            try
            {
                n = await s.ReadAsync(buf);
            }
            catch (Exception)
            {
                return;
            }
            if (n == 0)
                return;
            var text = Encoding.UTF8.GetString(buf, 0, n);
            lock (_lock)
            {
                _all.Append(text);
                foreach (var c in text)
                {
                    if (c == '\n')
                    {
                        var line = _partial.ToString().TrimEnd('\r');
                        _lines.Add(line);
                        _sink?.WriteLine(line);
                        _partial.Clear();
                    }
                    else
                    {
                        _partial.Append(c);
                    }
                }
            }
        }
    }

    /// <summary>Waits until the console output matches <paramref name="pattern"/>; returns the match.
    /// Fails with the console transcript when the guest exits first or the time runs out.</summary>
    public Match WaitFor(string pattern, TimeSpan? timeout = null)
    {
        var re = new Regex(pattern, RegexOptions.Multiline);
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            var m = re.Match(Output);
            if (m.Success)
                return m;
            if (HasExited)
                throw new QemuWaitException($"guest exited before /{pattern}/ appeared.\n--- console ---\n{Tail()}");
            if (DateTime.UtcNow > deadline)
                throw new QemuWaitException($"/{pattern}/ did not appear within {(timeout ?? DefaultTimeout).TotalSeconds} s.\n--- console ---\n{Tail()}");
            Thread.Sleep(50);
        }
    }

    /// <summary>Waits for QEMU to exit by itself (the guest powered off).</summary>
    public void WaitForExit(TimeSpan? timeout = null)
    {
        if (!_exited.Task.Wait(timeout ?? DefaultTimeout))
            throw new QemuWaitException($"QEMU did not exit by itself within {(timeout ?? DefaultTimeout).TotalSeconds} s.\n--- console ---\n{Tail()}");
    }

    /// <summary>Runs one QEMU monitor command (HMP, e.g. "device_add ...") and returns what it printed.</summary>
    public string Monitor(string command)
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        socket.Connect(new System.Net.Sockets.UnixDomainSocketEndPoint(_monitorPath));
        socket.ReceiveTimeout = 30_000;
        ReadUntilPrompt(socket);
        socket.Send(Encoding.UTF8.GetBytes(command + "\n"));
        var reply = ReadUntilPrompt(socket);
        _sink?.WriteLine($"(qemu) {command}\n{reply}");
        return reply;
    }

    private static string ReadUntilPrompt(System.Net.Sockets.Socket socket)
    {
        var text = new StringBuilder();
        var buf = new byte[4096];
        while (!text.ToString().EndsWith("(qemu) ", StringComparison.Ordinal))
        {
            int n = socket.Receive(buf);
            if (n == 0)
                break;
            text.Append(Encoding.UTF8.GetString(buf, 0, n));
        }
        return text.ToString();
    }

    /// <summary>Types on the serial console.</summary>
    public void Send(string text)
    {
        _p.StandardInput.Write(text);
        _p.StandardInput.Flush();
    }

    public string Tail(int chars = 6000)
    {
        var o = Output;
        return o.Length <= chars ? o : "..." + o[^chars..];
    }

    public void Dispose()
    {
        try
        {
            if (!_p.HasExited)
                _p.Kill(entireProcessTree: true);
            _p.WaitForExit(5000);
        }
        catch (Exception)
        {
        }
        _p.Dispose();
        try
        {
            File.Delete(_monitorPath);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Where console lines go while a test or benchmark runs.</summary>
public interface ITestOutputHelperSink
{
    void WriteLine(string line);
}

/// <summary>A marker did not appear, or QEMU did not exit: the message carries the console transcript.</summary>
public sealed class QemuWaitException(string message) : Exception(message);
