using System.Text;

namespace LinuxBootSharp.Menu.Tests;

/// <summary>Bytes from a serial line through the decoder, machine and ANSI renderer to the screen — the path the QEMU tests drive.</summary>
public class HostLoopTests
{
    private sealed class SerialHost
    {
        private readonly AnsiKeyDecoder _decoder = new();
        private readonly StringWriter _out = new();

        public SerialHost(MenuModel model)
        {
            Machine = new MenuMachine(model);
            Renderer = new AnsiRenderer(_out);
            Apply(Machine.Start());
        }

        public MenuMachine Machine { get; }
        public AnsiRenderer Renderer { get; }
        public VtEmulator Vt { get; } = new();
        public MenuAction? Booted { get; private set; }
        public TimeSpan Now { get; private set; }

        /// <summary>Delivers <paramref name="bytes"/> in reads of <paramref name="chunk"/> bytes, 10 ms apart.</summary>
        public SerialHost Receive(string bytes, int chunk = 1)
        {
            byte[] data = Encoding.UTF8.GetBytes(bytes);
            for (int at = 0; at < data.Length; at += chunk)
            {
                Now += TimeSpan.FromMilliseconds(10);
                Apply(Machine.Tick(TimeSpan.FromMilliseconds(10)));
                foreach (var key in _decoder.Feed(data.AsSpan(at, Math.Min(chunk, data.Length - at)), Now))
                    Apply(Machine.Press(key));
            }
            return this;
        }

        /// <summary>Time passes with no input: the decoder's pending ESC resolves, the countdown runs.</summary>
        public SerialHost Idle(double seconds)
        {
            for (double t = 0; t < seconds; t += 0.05)
            {
                Now += TimeSpan.FromMilliseconds(50);
                foreach (var key in _decoder.Flush(Now)) Apply(Machine.Press(key));
                Apply(Machine.Tick(TimeSpan.FromMilliseconds(50)));
            }
            return this;
        }

        private void Apply(MenuAction a)
        {
            if (a.Kind == MenuActionKind.Boot) Booted = a;
            if (a.Kind == MenuActionKind.Repaint) Renderer.Invalidate();
            if (a.Kind != MenuActionKind.None) Renderer.Render(Machine.Screen);
            Vt.Feed(_out.ToString());
            _out.GetStringBuilder().Clear();
        }
    }

    [Fact]
    public void Without_input_the_default_boots_when_the_countdown_ends()
    {
        var host = new SerialHost(Fixtures.Model(TimeSpan.FromSeconds(2)));
        Assert.Equal("Booting 'Debian GNU/Linux' in 2s...", host.Vt.Line(21));
        host.Idle(1.2);
        Assert.Equal("Booting 'Debian GNU/Linux' in 1s...", host.Vt.Line(21));
        Assert.Null(host.Booted);
        host.Idle(1);
        Assert.Equal("debian", host.Booted?.Item?.Id);
    }

    [Fact]
    public void Three_downs_and_enter_sent_byte_by_byte_boot_the_fourth_entry()
    {
        var host = new SerialHost(Fixtures.Model(TimeSpan.FromSeconds(5)));
        host.Receive("\e[B\e[B\e[B\r\n", chunk: 1);
        Assert.Equal("memtest", host.Booted?.Item?.Id);
    }

    [Fact]
    public void Editing_over_serial_boots_the_edited_cmdline()
    {
        var host = new SerialHost(Fixtures.Model(TimeSpan.FromSeconds(5)));
        host.Receive("e", 1).Receive("\u0001", 1).Receive("console=ttyS0 ", 3);
        Assert.Equal("console=ttyS0 " + Fixtures.DebianCmdline, host.Vt.Line(3));
        Assert.True(host.Vt.CursorVisible);
        Assert.Equal((3, 14), (host.Vt.Row, host.Vt.Column));
        host.Receive("\e[F\x7f\x7f\x7f\x7f\x7fsingle\r", 4);
        Assert.Equal("console=ttyS0 root=UUID=0a1b2c3d ro single", host.Booted?.Cmdline);
        Assert.True(host.Booted?.Edited);
    }

    [Fact]
    public void A_lone_escape_leaves_a_submenu_once_the_timeout_passes()
    {
        var host = new SerialHost(Fixtures.Model());
        host.Receive("2\r");
        Assert.Equal("Advanced options for Debian GNU/Linux", host.Vt.Line(1));
        host.Receive("\e");
        Assert.Equal("Advanced options for Debian GNU/Linux", host.Vt.Line(1));
        host.Idle(0.2);
        Assert.Equal("", host.Vt.Line(1));
        Assert.Equal(0, host.Vt.Scrolls);
    }
}
