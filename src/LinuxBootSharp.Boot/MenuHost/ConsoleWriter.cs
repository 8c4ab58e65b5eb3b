using System.Text;
using LinuxBootSharp.Boot.Init;

namespace LinuxBootSharp.Boot.MenuHost;

/// <summary>A TextWriter that collects a frame and sends it to one console in a single write on Flush.</summary>
public sealed class ConsoleWriter(ConsoleDevice device) : TextWriter
{
    private readonly StringBuilder _buf = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => _buf.Append(value);

    public override void Write(string? value) => _buf.Append(value);

    public override void Flush()
    {
        if (_buf.Length == 0)
            return;
        // Never throws: a console that went away is reported once by the device itself.
        device.Write(_buf.ToString());
        _buf.Clear();
    }
}
