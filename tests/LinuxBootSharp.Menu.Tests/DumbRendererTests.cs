namespace LinuxBootSharp.Menu.Tests;

public class DumbRendererTests
{
    /// <summary>A host loop on a dumb terminal: render after every action, lines typed by the user.</summary>
    private sealed class DumbSession
    {
        private readonly StringWriter _out = new();

        public DumbSession(MenuModel model)
        {
            Machine = new MenuMachine(model);
            Renderer = new DumbRenderer(_out);
        }

        public MenuMachine Machine { get; }
        public DumbRenderer Renderer { get; }
        public MenuAction Last { get; private set; }

        public string Transcript => _out.ToString();

        public DumbSession Start() => Show(Machine.Start());

        public DumbSession Tick(double s) => Show(Machine.Tick(TimeSpan.FromSeconds(s)));

        public DumbSession Enter(string line)
        {
            // The first byte stops the countdown; the whole line is read after the user's Enter.
            Machine.StopCountdown();
            Renderer.LineEntered();
            return Show(DumbLineInput.Apply(Machine, line));
        }

        private DumbSession Show(MenuAction a)
        {
            Last = a;
            if (a.Kind != MenuActionKind.Boot) Renderer.Render(Machine.Screen);
            return this;
        }
    }

    [Fact]
    public void Countdown_is_printed_once_per_second_after_the_numbered_list()
    {
        var s = new DumbSession(Fixtures.Model(TimeSpan.FromSeconds(3))).Start();
        for (int i = 0; i < 20; i++) s.Tick(0.1);
        Assert.Equal(
            """
            LinuxBootSharp boot menu
              1) Debian GNU/Linux (default)
              2) Advanced options for Debian GNU/Linux >
              3) Fedora Linux 39 (Workstation Edition) (unavailable: kernel /vmlinuz-6.5.6-300.fc39.x86_64 not found)
              4) Memory test (memtest86+x64.bin)
            Select [1-4], e N to edit, d N for details, r to rescan, Enter for default: 
            Booting 'Debian GNU/Linux' in 3s...
            Booting 'Debian GNU/Linux' in 2s...
            Booting 'Debian GNU/Linux' in 1s...

            """.ReplaceLineEndings("\n"),
            s.Transcript);
        s.Tick(1);
        Assert.Equal(MenuActionKind.Boot, s.Last.Kind);
        Assert.Equal("debian", s.Last.Item!.Id);
    }

    [Fact]
    public void A_whole_session_details_submenu_and_edit()
    {
        var s = new DumbSession(Fixtures.Model(TimeSpan.FromSeconds(5), shell: true)).Start();
        s.Enter("d 1").Enter("").Enter("2").Enter("e 2").Enter("root=/dev/sda1 single");
        Assert.Equal(
            """
            LinuxBootSharp boot menu
              1) Debian GNU/Linux (default)
              2) Advanced options for Debian GNU/Linux >
              3) Fedora Linux 39 (Workstation Edition) (unavailable: kernel /vmlinuz-6.5.6-300.fc39.x86_64 not found)
              4) Memory test (memtest86+x64.bin)
            Select [1-4], e N to edit, d N for details, r to rescan, s for shell, Enter for default: 
            Booting 'Debian GNU/Linux' in 5s...
            Details for 'Debian GNU/Linux':
              Debian GNU/Linux
              device: /dev/vda2 (ext4, UUID 0a1b2c3d)
              kernel: /boot/vmlinuz-6.1.0-13-amd64 (7.9 MB)
              initrd: /boot/initrd.img-6.1.0-13-amd64 (31.2 MB)
              cmdline: root=UUID=0a1b2c3d ro quiet
              source: /boot/grub/grub.cfg:112
            Press Enter to return: LinuxBootSharp boot menu
              1) Debian GNU/Linux (default)
              2) Advanced options for Debian GNU/Linux >
              3) Fedora Linux 39 (Workstation Edition) (unavailable: kernel /vmlinuz-6.5.6-300.fc39.x86_64 not found)
              4) Memory test (memtest86+x64.bin)
            Select [1-4], e N to edit, d N for details, r to rescan, s for shell, Enter for default: LinuxBootSharp boot menu
            Advanced options for Debian GNU/Linux
              1) Debian GNU/Linux, with Linux 6.1.0-13-amd64
              2) Debian GNU/Linux, with Linux 6.1.0-13-amd64 (recovery mode)
              3) Debian GNU/Linux, with Linux 6.1.0-12-amd64
            Select [1-3], 0 to go back, e N to edit, d N for details, r to rescan, s for shell, Enter for default: Command line for 'Debian GNU/Linux, with Linux 6.1.0-13-amd64 (recovery mode)':
              root=UUID=0a1b2c3d ro quiet single
            New command line (Enter keeps it, '.' cancels): 
            """.ReplaceLineEndings("\n"),
            s.Transcript);
        // (On the terminal each prompt is followed by the user's echoed line and Enter.)
        Assert.Equal(MenuActionKind.Boot, s.Last.Kind);
        Assert.Equal("debian-6.1-13-rec", s.Last.Item!.Id);
        Assert.Equal("root=/dev/sda1 single", s.Last.Cmdline);
        Assert.True(s.Last.Edited);
    }

    [Fact]
    public void Errors_are_printed_each_time_followed_by_the_prompt_again()
    {
        var s = new DumbSession(Fixtures.Model()).Start();
        int before = s.Transcript.Length;
        s.Enter("9").Enter("9").Enter("bogus");
        Assert.Equal(
            """
            No entry 9: choose 1-4
            Select [1-4], e N to edit, d N for details, r to rescan, Enter for default: No entry 9: choose 1-4
            Select [1-4], e N to edit, d N for details, r to rescan, Enter for default: Unknown choice 'bogus'
            Select [1-4], e N to edit, d N for details, r to rescan, Enter for default: 
            """.ReplaceLineEndings("\n"),
            s.Transcript[before..]);
    }

    [Fact]
    public void Choosing_a_disabled_entry_prints_why()
    {
        var s = new DumbSession(Fixtures.Model()).Start();
        int before = s.Transcript.Length;
        s.Enter("3");
        Assert.StartsWith("Cannot boot 'Fedora Linux 39 (Workstation Edition)': kernel /vmlinuz-6.5.6-300.fc39.x86_64 not found\nSelect [1-4]", s.Transcript[before..]);
    }

    [Fact]
    public void An_empty_menu_offers_only_what_works()
    {
        var s = new DumbSession(Fixtures.Model(items: [])).Start();
        Assert.Equal("LinuxBootSharp boot menu\n  (no boot entries)\nr to rescan: ", s.Transcript);
        s.Enter("r");
        Assert.Equal(MenuActionKind.Rescan, s.Last.Kind);
    }

    [Fact]
    public void Control_characters_in_titles_are_not_sent_to_the_terminal()
    {
        var item = new MenuItem { Id = "x", Title = "a\e[2Jb", Cmdline = "" };
        var s = new DumbSession(Fixtures.Model(items: [item])).Start();
        Assert.Contains("  1) a?[2Jb\n", s.Transcript);
        Assert.DoesNotContain('\e', s.Transcript);
    }
}
