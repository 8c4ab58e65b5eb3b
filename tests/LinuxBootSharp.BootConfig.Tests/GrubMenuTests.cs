using LinuxBootSharp.BootConfig.Grub;
using static LinuxBootSharp.BootConfig.Tests.GrubTestSupport;

namespace LinuxBootSharp.BootConfig.Tests;

/// <summary>
/// What GRUB's menu reads besides the entries: <c>timeout</c>/<c>timeout_style</c>,
/// <c>default</c> (numbers, titles, ids, '&gt;' paths, saved_entry/next_entry), <c>fallback</c>
/// lists, hotkeys and the password options, each against grub-core/normal/menu.c,
/// grub-core/commands/menuentry.c, normal/auth.c and util/grub.d/00_header.in.
/// </summary>
public sealed class GrubMenuTests
{
    private const string Two = "menuentry a { linux /a }\nmenuentry b { linux /b }\n";

    private static ConfigParseResult Run(string script) => Eval(script).Result;

    // menu.c grub_menu_get_timeout: (int) grub_strtoul (val, 0, 0); on an error the variable is
    // unset and the timeout is -1 (wait forever). grub_strtoull knows no sign, so "-1" is such an
    // error; trailing text is ignored; "0x" is hexadecimal, a leading 0 octal; C's (int) cast.
    [Theory]
    [InlineData("5", 5)]
    [InlineData(" 5", 5)]
    [InlineData("10s", 10)]
    [InlineData("0x1e", 30)]
    [InlineData("010", 8)]
    [InlineData("08", 8)]
    [InlineData("0", 0)]
    [InlineData("4294967296", 0)]
    [InlineData("-1", -1)]
    [InlineData("-5", -1)]
    [InlineData("", -1)]
    [InlineData("abc", -1)]
    [InlineData("2147483648", -1)]
    [InlineData("99999999999999999999999", -1)]
    public void Timeout_is_read_as_grub_strtoul_reads_it(string value, int seconds)
    {
        var r = Run($"set timeout=\"{value}\"\n{Two}");
        Assert.Equal(seconds < 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(seconds), r.Timeout);
        var v = value.TrimStart();
        bool number = v.Length > 0 && (char.IsAsciiDigit(v[0]) || v[0] == '-') && value.Length < 20;
        Assert.Equal(!number, r.Diagnostics.Any(d => d.Message.Contains("not a number", StringComparison.Ordinal)));
    }

    [Fact]
    public void No_timeout_variable_means_the_config_says_nothing()
    {
        var r = Run(Two);
        Assert.Null(r.Timeout);
        Assert.Equal(MenuTimeoutStyle.Menu, r.TimeoutStyle);
    }

    // menu.c get_timeout_style: exact names, anything else is "menu"; run_menu unsets the style
    // when there is no timeout (a hidden menu that waits forever would never boot).
    [Theory]
    [InlineData("menu", "5", MenuTimeoutStyle.Menu)]
    [InlineData("countdown", "5", MenuTimeoutStyle.Countdown)]
    [InlineData("hidden", "5", MenuTimeoutStyle.Hidden)]
    [InlineData("hidden", "0", MenuTimeoutStyle.Hidden)]
    [InlineData("Hidden", "5", MenuTimeoutStyle.Menu)]
    [InlineData("bogus", "5", MenuTimeoutStyle.Menu)]
    [InlineData("hidden", "-1", MenuTimeoutStyle.Menu)]
    [InlineData("countdown", "x", MenuTimeoutStyle.Menu)]
    public void Timeout_style(string style, string timeout, MenuTimeoutStyle expected)
    {
        var r = Run($"set timeout_style={style}\nset timeout={timeout}\n{Two}");
        Assert.Equal(expected, r.TimeoutStyle);
    }

    [Fact]
    public void Hidden_style_with_timeout_zero_boots_the_default_at_once()
    {
        // grub-mkconfig with GRUB_TIMEOUT_STYLE=hidden GRUB_TIMEOUT=0 (00_header make_timeout):
        // run_menu checks for a held key once, then boots the default without drawing.
        var r = Run("""
            if [ x$feature_timeout_style = xy ] ; then
              set timeout_style=hidden
              set timeout=0
            elif sleep --interruptible 0 ; then
              set timeout=0
            fi
            menuentry a { linux /a }
            """);
        Assert.Equal(MenuTimeoutStyle.Hidden, r.TimeoutStyle);
        Assert.Equal(TimeSpan.Zero, r.Timeout);
        Assert.True(r.Entries[0].IsDefault);
    }

    [Fact]
    public void Deprecated_hidden_timeout_becomes_countdown_through_the_generated_script()
    {
        // 00_header make_timeout for GRUB_HIDDEN_TIMEOUT=3 without _QUIET: style countdown.
        var r = Run("""
            if [ x$feature_timeout_style = xy ] ; then
              set timeout_style=countdown
              set timeout=3
            elif sleep --verbose --interruptible 3 ; then
              set timeout=0
            fi
            """ + "\n" + Two);
        Assert.Equal(MenuTimeoutStyle.Countdown, r.TimeoutStyle);
        Assert.Equal(TimeSpan.FromSeconds(3), r.Timeout);
    }

    private const string Debian = """
        menuentry 'Debian GNU/Linux' --class debian $menuentry_id_option 'gnulinux-simple-1234' { linux /vmlinuz-6.1.0-18-amd64 }
        submenu 'Advanced options for Debian GNU/Linux' $menuentry_id_option 'gnulinux-advanced-1234' {
          menuentry 'Debian GNU/Linux, with Linux 6.1.0-18-amd64' $menuentry_id_option 'gnulinux-6.1.0-18-amd64-advanced-1234' { linux /vmlinuz-6.1.0-18-amd64 }
          menuentry 'Debian GNU/Linux, with Linux 6.1.0-18-amd64 (recovery mode)' $menuentry_id_option 'gnulinux-6.1.0-18-amd64-recovery-1234' { linux /vmlinuz-6.1.0-18-amd64 single }
          menuentry 'Debian GNU/Linux, with Linux 6.1.0-17-amd64' $menuentry_id_option 'gnulinux-6.1.0-17-amd64-advanced-1234' { linux /vmlinuz-6.1.0-17-amd64 }
        }
        menuentry 'UEFI Firmware Settings' $menuentry_id_option 'uefi-firmware' { fwsetup }
        """;

    private static ConfigParseResult DebianWith(string head) =>
        Run("menuentry_id_option=--id\nexport menuentry_id_option\n" + head + "\n" + Debian);

    private static string DefaultTitle(ConfigParseResult r) => Assert.Single(r.Entries, e => e.IsDefault).Title;

    // menu.c get_entry_number + grub_menu_execute_entry ("default" after the first '>' inside a submenu).
    [Theory]
    [InlineData("0", "Debian GNU/Linux")]
    [InlineData("1>2", "Debian GNU/Linux, with Linux 6.1.0-17-amd64")]
    [InlineData("1>1", "Debian GNU/Linux, with Linux 6.1.0-18-amd64 (recovery mode)")]
    [InlineData("1", "Debian GNU/Linux, with Linux 6.1.0-18-amd64")]
    [InlineData("2", "UEFI Firmware Settings")]
    [InlineData("Advanced options for Debian GNU/Linux>Debian GNU/Linux, with Linux 6.1.0-17-amd64", "Debian GNU/Linux, with Linux 6.1.0-17-amd64")]
    [InlineData("gnulinux-advanced-1234>gnulinux-6.1.0-18-amd64-recovery-1234", "Debian GNU/Linux, with Linux 6.1.0-18-amd64 (recovery mode)")]
    [InlineData("gnulinux-advanced-1234>2", "Debian GNU/Linux, with Linux 6.1.0-17-amd64")]
    [InlineData("1>gnulinux-6.1.0-17-amd64-advanced-1234", "Debian GNU/Linux, with Linux 6.1.0-17-amd64")]
    [InlineData("uefi-firmware", "UEFI Firmware Settings")]
    [InlineData("0x2", "UEFI Firmware Settings")]
    public void Default_resolution(string spec, string title)
    {
        var r = DebianWith($"set default=\"{spec}\"");
        Assert.Equal(title, DefaultTitle(r));
        Assert.DoesNotContain(r.Diagnostics, d => d.Message.Contains("names no entry", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("7")]
    [InlineData("no such entry")]
    [InlineData("1>9")]
    [InlineData("saved")]
    public void An_unresolvable_default_is_the_first_entry_with_a_diagnostic(string spec)
    {
        var r = DebianWith($"set default=\"{spec}\"");
        var expected = spec.StartsWith("1>", StringComparison.Ordinal) ? "Debian GNU/Linux, with Linux 6.1.0-18-amd64" : "Debian GNU/Linux";
        Assert.Equal(expected, DefaultTitle(r));
        var d = Assert.Single(r.Diagnostics, d => d.Message.Contains("names no entry", StringComparison.Ordinal));
        Assert.Equal(Severity.Warning, d.Severity);
        if (spec == "saved")
            Assert.Contains("saved_entry", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_submenu_body_that_sets_default_wins_over_the_path()
    {
        // grub_menu_execute_entry sets "default" before it runs the body.
        var r = Run("""
            set default="s>0"
            submenu s { set default=1; menuentry x { linux /x }; menuentry y { linux /y } }
            """);
        Assert.Equal("y", DefaultTitle(r));
    }

    [Fact]
    public void An_exported_default_does_not_leak_into_a_submenu_without_a_path()
    {
        // Upstream grub_menu_execute_entry unsets "default" in the submenu's context when the
        // default has no '>' part: the submenu boots its first entry.
        var r = Run("""
            set default=1
            export default
            menuentry a { linux /a }
            submenu s { menuentry x { linux /x }; menuentry y { linux /y } }
            """);
        Assert.Equal("x", DefaultTitle(r));
    }

    // 00_header.in: load_env; next_entry wins over saved_entry and is cleared with save_env
    // (boot_once); we record that GRUB would clear it and never write.
    private const string Header = """
        if [ -s $prefix/grubenv ]; then
          load_env
        fi
        if [ "${next_entry}" ] ; then
           set default="${next_entry}"
           set next_entry=
           save_env next_entry
           set boot_once=true
        else
           set default="${saved_entry}"
        fi
        """;

    private static GrubEvaluation WithEnv(string env)
    {
        var home = Volume("/dev/vda2", disk: 0, part: 2);
        home.AddFile("/boot/grub/grubenv", GrubFixtureTests.EnvBlock(env));
        return Eval("menuentry_id_option=--id\nexport menuentry_id_option\n" + Header + "\n" + Debian, home);
    }

    [Fact]
    public void Saved_entry_by_title_path()
    {
        var ev = WithEnv("saved_entry=Advanced options for Debian GNU/Linux>Debian GNU/Linux, with Linux 6.1.0-17-amd64\n");
        Assert.Equal("Debian GNU/Linux, with Linux 6.1.0-17-amd64", DefaultTitle(ev.Result));
        Assert.False(ev.Result.DefaultIsOneShot);
        Assert.Empty(ev.SavedEnvironmentBlocks);
    }

    [Fact]
    public void Next_entry_wins_over_saved_entry_and_grub_would_clear_it()
    {
        var ev = WithEnv("saved_entry=gnulinux-simple-1234\nnext_entry=gnulinux-advanced-1234>gnulinux-6.1.0-18-amd64-recovery-1234\n");
        var r = ev.Result;
        Assert.Equal("Debian GNU/Linux, with Linux 6.1.0-18-amd64 (recovery mode)", DefaultTitle(r));
        Assert.True(r.DefaultIsOneShot);
        Assert.Contains(r.Diagnostics, d => d.Message.Contains("one-shot next_entry", StringComparison.Ordinal));
        // In memory GRUB's block now has next_entry empty; the disk is untouched.
        var saved = System.Text.Encoding.ASCII.GetString(ev.SavedEnvironmentBlocks["/dev/vda2:/boot/grub/grubenv"]);
        Assert.Contains("next_entry=\n", saved, StringComparison.Ordinal);
        Assert.Contains("saved_entry=gnulinux-simple-1234\n", saved, StringComparison.Ordinal);
    }

    [Fact]
    public void Next_entry_by_index()
    {
        var r = WithEnv("next_entry=2\n").Result;
        Assert.Equal("UEFI Firmware Settings", DefaultTitle(r));
        Assert.True(r.DefaultIsOneShot);
    }

    // menu.c grub_menu_execute_with_fallback / get_and_remove_first_entry_number: tried in order.
    [Fact]
    public void Fallback_list_has_ranks_in_order()
    {
        var r = DebianWith("set fallback=\"2 0\"");
        Assert.Equal(0, r.Entries.Single(e => e.Title == "UEFI Firmware Settings").FallbackRank);
        Assert.Equal(1, r.Entries.Single(e => e.Title == "Debian GNU/Linux").FallbackRank);
        Assert.All(r.Entries.Where(e => e.FallbackRank is not null), e => Assert.True(e.IsFallback));
        Assert.Equal(2, r.Entries.Count(e => e.IsFallback));
    }

    [Fact]
    public void Fallback_paths_ids_and_submenus()
    {
        var r = DebianWith("set fallback=\"1>2 gnulinux-simple-1234 1\"");
        BootEntry Titled(string t) => r.Entries.Single(e => e.Title == t);
        Assert.Equal(0, Titled("Debian GNU/Linux, with Linux 6.1.0-17-amd64").FallbackRank);
        Assert.Equal(1, Titled("Debian GNU/Linux").FallbackRank);
        // Naming the submenu boots its default: its first entry here.
        Assert.Equal(2, Titled("Debian GNU/Linux, with Linux 6.1.0-18-amd64").FallbackRank);
        Assert.Contains(r.Diagnostics, d => d.Message.Contains("submenu path", StringComparison.Ordinal));
    }

    [Fact]
    public void Fallback_list_ends_at_the_first_item_that_names_nothing()
    {
        var r = DebianWith("set fallback=\"2 nothing 0\"");
        Assert.Equal(0, r.Entries.Single(e => e.Title == "UEFI Firmware Settings").FallbackRank);
        Assert.Null(r.Entries.Single(e => e.Title == "Debian GNU/Linux").FallbackRank);
        Assert.Contains(r.Diagnostics, d => d.Message.Contains("fallback 'nothing' names no entry", StringComparison.Ordinal));
    }

    [Fact]
    public void An_entry_named_twice_keeps_its_first_rank()
    {
        var r = Run("set fallback=\"1 1 0\"\n" + Two);
        Assert.Equal(0, r.Entries[1].FallbackRank);
        Assert.Equal(2, r.Entries[0].FallbackRank);
    }

    // menuentry.c hotkey_aliases, then the first character; compared case-sensitively.
    [Theory]
    [InlineData("backspace", MenuHotkeyKey.Backspace, '\0')]
    [InlineData("tab", MenuHotkeyKey.Tab, '\0')]
    [InlineData("delete", MenuHotkeyKey.Delete, '\0')]
    [InlineData("insert", MenuHotkeyKey.Insert, '\0')]
    [InlineData("f1", MenuHotkeyKey.F1, '\0')]
    [InlineData("f12", MenuHotkeyKey.F12, '\0')]
    [InlineData("r", MenuHotkeyKey.Character, 'r')]
    [InlineData("R", MenuHotkeyKey.Character, 'R')]
    [InlineData("Tab", MenuHotkeyKey.Character, 'T')]
    [InlineData("xyz", MenuHotkeyKey.Character, 'x')]
    [InlineData("1", MenuHotkeyKey.Character, '1')]
    public void Hotkeys(string value, MenuHotkeyKey key, char c)
    {
        var e = Single(Eval($"menuentry a --hotkey '{value}' {{ linux /a }}"));
        Assert.Equal(new MenuHotkey(key, c), e.Hotkey);
        Assert.Equal(value.Length > 1 && key == MenuHotkeyKey.Character, e.Diagnostics.Any(d => d.Message.Contains("--hotkey", StringComparison.Ordinal)));
    }

    [Fact]
    public void No_or_unusable_hotkey()
    {
        Assert.Null(Single(Eval("menuentry a { linux /a }")).Hotkey);
        var e = Single(Eval("menuentry a --hotkey 'é' { linux /a }"));
        Assert.Null(e.Hotkey);
        Assert.Contains(e.Diagnostics, d => d.Message.Contains("--hotkey", StringComparison.Ordinal));
        Assert.Equal("f5", new MenuHotkey(MenuHotkeyKey.F5).ToString());
        Assert.Equal("r", MenuHotkey.Of('r').ToString());
    }

    // menuentry.c grub_cmd_menuentry: --users X restricts to X (and superusers), --unrestricted
    // frees the entry, neither restricts it to the superusers; auth.c applies this only when
    // "superusers" is set; user lists split at grub_iswordseparator.
    [Fact]
    public void Users_unrestricted_and_superusers()
    {
        var r = Run("""
            set superusers="root, admin"
            export superusers
            menuentry plain { linux /a }
            menuentry free --unrestricted { linux /a }
            menuentry some --users "alice,bob;carol|dave&eve frank" { linux /a }
            menuentry both --users alice --unrestricted { linux /a }
            """);
        Assert.Equal(["root", "admin"], r.Superusers);
        var (plain, free, some, both) = (r.Entries[0], r.Entries[1], r.Entries[2], r.Entries[3]);
        Assert.Null(plain.Users);
        Assert.False(plain.Unrestricted);
        Assert.True(free.Unrestricted);
        Assert.Null(free.Users);
        Assert.Equal(["alice", "bob", "carol", "dave", "eve", "frank"], some.Users);
        Assert.False(some.Unrestricted);
        Assert.Equal(["alice"], both.Users);
        Assert.False(both.Unrestricted);
        Assert.DoesNotContain(r.Entries, e => e.Properties.ContainsKey("users") || e.Properties.ContainsKey("hotkey") || e.Properties.ContainsKey("unrestricted"));
        Assert.Null(Run(Two).Superusers);
    }

    [Fact]
    public void Restricted_submenus_restrict_their_entries()
    {
        // menu.c grub_menu_execute_entry checks the submenu's restriction before opening it.
        var r = Run("""
            set superusers=root
            menuentry top --unrestricted { linux /a }
            submenu 'Advanced' {
              menuentry free --unrestricted { linux /a }
              menuentry some --users "alice bob" { linux /a }
            }
            submenu 'Open' --unrestricted {
              menuentry free2 --unrestricted { linux /a }
              submenu 'Team' --users "bob,carol" {
                menuentry deep --users "alice,bob" { linux /a }
                menuentry deepfree --unrestricted { linux /a }
              }
            }
            """);
        BootEntry T(string t) => r.Entries.Single(e => e.Title == t);
        Assert.True(T("top").Unrestricted);
        Assert.False(T("free").Unrestricted);
        Assert.Empty(T("free").Users!);
        Assert.Empty(T("some").Users!);
        Assert.True(T("free2").Unrestricted);
        Assert.Equal(["bob"], T("deep").Users);
        Assert.False(T("deepfree").Unrestricted);
        Assert.Equal(["bob", "carol"], T("deepfree").Users);
    }
}
