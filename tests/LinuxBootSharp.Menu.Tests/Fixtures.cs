namespace LinuxBootSharp.Menu.Tests;

/// <summary>Menus shaped like what discovery finds on a Debian + Fedora machine.</summary>
internal static class Fixtures
{
    public const string DebianCmdline = "root=UUID=0a1b2c3d ro quiet";

    public static MenuItem Debian(bool isDefault = true) => new()
    {
        Id = "debian",
        Title = "Debian GNU/Linux",
        IsDefault = isDefault,
        Cmdline = DebianCmdline,
        Details =
        [
            "device: /dev/vda2 (ext4, UUID 0a1b2c3d)",
            "kernel: /boot/vmlinuz-6.1.0-13-amd64 (7.9 MB)",
            "initrd: /boot/initrd.img-6.1.0-13-amd64 (31.2 MB)",
            "cmdline: " + DebianCmdline,
            "source: /boot/grub/grub.cfg:112",
        ],
    };

    public static MenuItem Advanced() => new()
    {
        Id = "debian-advanced",
        Title = "Advanced options for Debian GNU/Linux",
        Children =
        [
            new MenuItem { Id = "debian-6.1-13", Title = "Debian GNU/Linux, with Linux 6.1.0-13-amd64", Cmdline = DebianCmdline },
            new MenuItem { Id = "debian-6.1-13-rec", Title = "Debian GNU/Linux, with Linux 6.1.0-13-amd64 (recovery mode)", Cmdline = DebianCmdline + " single" },
            new MenuItem { Id = "debian-6.1-12", Title = "Debian GNU/Linux, with Linux 6.1.0-12-amd64", Cmdline = DebianCmdline },
        ],
    };

    public static MenuItem Fedora() => new()
    {
        Id = "fedora",
        Title = "Fedora Linux 39 (Workstation Edition)",
        Enabled = false,
        DisabledReason = "kernel /vmlinuz-6.5.6-300.fc39.x86_64 not found",
        Cmdline = "root=UUID=77 ro rhgb",
    };

    public static MenuItem Memtest() => new() { Id = "memtest", Title = "Memory test (memtest86+x64.bin)", Cmdline = "" };

    public static List<MenuItem> Items() => [Debian(), Advanced(), Fedora(), Memtest()];

    public static MenuModel Model(TimeSpan? timeout = null, bool shell = false, bool editing = true, IReadOnlyList<MenuItem>? items = null) => new()
    {
        Items = items ?? Items(),
        Timeout = timeout,
        Title = "LinuxBootSharp boot menu",
        ShellAvailable = shell,
        EditingAllowed = editing,
    };

    public static List<MenuItem> Numbered(int count) =>
        Enumerable.Range(1, count).Select(i => new MenuItem { Id = $"e{i}", Title = $"Entry {i}", Cmdline = $"n={i}" }).ToList();
}

/// <summary>Drives a machine like the host loop does and shows what an 80×24 terminal would display.</summary>
internal sealed class Harness
{
    private readonly StringWriter _output = new();

    public Harness(MenuModel model, int width = 80, int height = 24)
    {
        Machine = new MenuMachine(model, new TerminalSize(width, height));
        Renderer = new AnsiRenderer(_output, new TerminalSize(width, height));
        Vt = new VtEmulator(width, height);
    }

    public MenuMachine Machine { get; }
    public AnsiRenderer Renderer { get; }
    public VtEmulator Vt { get; }
    public List<MenuAction> Actions { get; } = [];

    public MenuAction Last => Actions[^1];

    /// <summary>Bytes written by the last render.</summary>
    public string LastOutput { get; private set; } = "";

    public Harness Start() => Handle(Machine.Start());

    public Harness Press(params MenuKey[] keys)
    {
        foreach (var k in keys) Handle(Machine.Press(k));
        return this;
    }

    public Harness Type(string text)
    {
        foreach (char c in text) Handle(Machine.Press(MenuKey.Character(c)));
        return this;
    }

    public Harness Tick(double seconds) => Handle(Machine.Tick(TimeSpan.FromSeconds(seconds)));

    public Harness Draw()
    {
        Renderer.Render(Machine.Screen);
        string written = _output.ToString();
        _output.GetStringBuilder().Clear();
        LastOutput = written;
        Vt.Feed(written);
        return this;
    }

    public string Line(int row) => Vt.Line(row);

    public string Status => Vt.Line(MenuLayout.StatusRow(Vt.Height));

    public string CountdownLine => Vt.Line(MenuLayout.CountdownRow(Vt.Height));

    public string Footer => Vt.Line(MenuLayout.FooterRow(Vt.Height));

    /// <summary>The text of the reverse-video row (the selection bar), or null.</summary>
    public string? Highlighted => Vt.ReverseRows is [var r] ? Vt.Line(r) : null;

    private Harness Handle(MenuAction a)
    {
        Actions.Add(a);
        if (a.Kind == MenuActionKind.Repaint) Renderer.Invalidate();
        Draw();
        return this;
    }
}
