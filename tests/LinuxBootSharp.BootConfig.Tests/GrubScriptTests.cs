using LinuxBootSharp.BootConfig.Grub;
using LinuxBootSharp.Storage;
using static LinuxBootSharp.BootConfig.Tests.GrubTestSupport;

namespace LinuxBootSharp.BootConfig.Tests;

/// <summary>GRUB script constructs, each checked against what GRUB's script engine does (GRUB
/// manual "Shell-like scripting" and grub-core/script/*.c), mostly through <c>echo</c>.</summary>
public sealed class GrubScriptTests
{
    private static string Echo(string script) => Echoed(Eval(script));

    [Theory]
    [InlineData("echo 'a  b' \"c  d\" e\\ f", "a  b|c  d|e f")]
    [InlineData("echo \"a\\$b\\\\c\\\"d\"", "a$b\\c\"d")]
    [InlineData("echo '\\n'", "\\n")]
    [InlineData("x=1; echo $x ${x}y \"$x\"", "1|1y|1")]
    [InlineData("x='a   b'; echo $x; echo \"$x\"", "a|b\na   b")]
    [InlineData("echo a$unset b", "a|b")]
    [InlineData("echo $unset; echo \"$unset\"", "\n")]
    [InlineData("echo a#b # comment", "a#b")]
    [InlineData("echo one \\\n two", "one|two")]
    [InlineData("echo if then fi", "if|then|fi")]
    [InlineData("v=7; echo $\"Version $v\"", "Version 7")]
    public void Words_quotes_escapes_and_variables(string script, string expected) => Assert.Equal(expected, Echo(script));

    [Fact]
    public void Set_unset_and_export()
    {
        Assert.Equal("1|2", Echo("set a=1\nb=2\necho $a $b"));
        Assert.Equal("", Echo("a=1; unset a; echo $a"));
        // set uses only its first argument (kern/corecmd.c).
        Assert.Equal("x", Echo("set a=x y z; echo $a"));
    }

    [Fact]
    public void If_elif_else()
    {
        const string s = """
            for v in 1 2 3; do
              if [ $v = 1 ]; then echo one
              elif [ $v -eq 2 ]; then echo two
              else echo other; fi
            done
            """;
        Assert.Equal("one\ntwo\nother", Echo(s));
    }

    [Fact]
    public void While_until_break_continue()
    {
        Assert.Equal("x\nxx\nxxx", Echo("s=x; while [ $s != xxxx ]; do echo $s; s=${s}x; done"));
        Assert.Equal("a", Echo("s=; until [ \"$s\" = a ]; do s=a; done; echo $s"));
        // Unquoted and empty, $s vanishes: "[ = a ]" is two non-empty words, which test.c calls true.
        Assert.Equal("", Echo("s=; until [ $s = a ]; do s=a; done; echo $s"));
        Assert.Equal("1\n3", Echo("for i in 1 2 3 4; do if [ $i = 2 ]; then continue; fi; if [ $i = 4 ]; then break; fi; echo $i; done"));
    }

    [Fact]
    public void Endless_loop_stops_at_the_iteration_cap_with_a_diagnostic()
    {
        var ev = Eval("while true; do x=1; done\nmenuentry after { linux /k }", limits: new GrubLimits { MaxLoopIterations = 500 });
        Assert.Contains(ev.Result.Diagnostics, d => d.Message.Contains("500 iterations", StringComparison.Ordinal) && d.Line == 1);
        Assert.Equal("after", Single(ev).Title);
    }

    [Fact]
    public void Functions_positional_parameters_shift_and_return()
    {
        const string s = """
            function f { echo $# $1 $2 "$*"; shift; echo $@; return 3; echo never; }
            f a 'b c' d
            echo $?
            function g { return 0; }
            if g; then echo yes; fi
            """;
        Assert.Equal("3|a|b|c|a b c d\nb|c|d\n3\nyes", Echo(s));
    }

    [Fact]
    public void Test_operators()
    {
        var home = Volume("/dev/vda2", uuid: "11111111-2222-3333-4444-555555555555", disk: 0, part: 2);
        home.AddFile("/boot/file", "data").AddFile("/boot/empty", "");
        const string s = """
            [ -f /boot/file ] && echo bad
            if [ -f /boot/file ]; then echo f; fi
            if [ -d /boot ]; then echo d; fi
            if [ -e /boot/empty -a ! -s /boot/empty ]; then echo e-not-s; fi
            if [ -s /boot/file ]; then echo s; fi
            if [ -z "" -a -n x ]; then echo zn; fi
            if [ 10 -gt 9 -a abc \< abd ]; then echo num-and-str; fi
            if [ vmlinuz-2 -plt vmlinuz-11 ]; then echo plt; fi
            if [ a = b -o ( x != y ) ]; then echo or-paren; fi
            if test 0x10 -eq 16; then echo hex; fi
            if [ $nothing ]; then echo empty-is-true; fi
            """;
        var ev = Eval(s, home);
        Assert.Equal("f\nd\ne-not-s\ns\nzn\nnum-and-str\nplt\nor-paren\nhex\nempty-is-true", Echoed(ev));
        // "&&" is not GRUB syntax: a diagnostic on line 1, the rest still runs.
        Assert.Contains(ev.Result.Diagnostics, d => d.Line == 1 && d.Severity == Severity.Error);
    }

    [Fact]
    public void Menuentry_options_and_title_from_variables()
    {
        var ev = Eval("""
            t=Linux
            menuentry "$t rescue" --class a --class b --users alice --hotkey r --id=rescue --unrestricted extra {
              echo never at config time
              linux /vmlinuz $1 $2
            }
            """);
        var e = Single(ev);
        Assert.Equal("Linux rescue", e.Title);
        Assert.Equal("rescue", e.Id);
        Assert.Equal("a b", e.Properties["class"]);
        Assert.Equal(["alice"], e.Users);
        Assert.Equal(MenuHotkey.Of('r'), e.Hotkey);
        // menuentry.c grub_cmd_menuentry: --users wins over --unrestricted.
        Assert.False(e.Unrestricted);
        // The body's $1 $2 are the entry's own arguments (menuentry.c setparams), split as unquoted words.
        Assert.Equal("Linux rescue extra", e.Cmdline);
        Assert.Empty(ev.Echoes);
    }

    [Fact]
    public void Entry_bodies_run_lazily_with_the_final_environment()
    {
        var ev = Eval("""
            menuentry a { linux /vmlinuz $opts }
            opts=quiet
            """);
        Assert.Equal("quiet", Single(ev).Cmdline);
    }

    [Fact]
    public void Multiple_initrds_and_loader_variants()
    {
        var e = Single(Eval("menuentry a { linuxefi /vmlinuz root=/dev/sda1; initrdefi /ucode.img /initrd.img }"));
        Assert.Equal(["/ucode.img", "/initrd.img"], e.Initrds.Select(i => i.Path));
        Assert.Equal("linuxefi", e.Properties["grub.loader"]);
        var e16 = Single(Eval("menuentry a { linux16 /vmlinuz; initrd16 /a /b /c }"));
        Assert.Equal(3, e16.Initrds.Count);
        // A later initrd command replaces the earlier one (loader/i386/linux.c frees it).
        Assert.Equal(["/b"], Single(Eval("menuentry a { linux /k; initrd /a; initrd /b }")).Initrds.Select(i => i.Path));
    }

    [Fact]
    public void Arguments_with_spaces_and_quotes_are_quoted_in_the_kernel_command_line()
    {
        var e = Single(Eval("menuentry a { linux /k 'acpi_osi=\"Windows 2015\"' x=\"a'b\" }"));
        Assert.Equal("\"acpi_osi=\\\"Windows 2015\\\"\" x=a\\'b", e.Cmdline);
    }

    [Theory]
    [InlineData("chainloader /EFI/Microsoft/Boot/bootmgfw.efi", "chainloader")]
    [InlineData("multiboot2 /xen.gz dom0_mem=1G; module2 /vmlinuz root=/dev/sda1; module2 /initrd.img", "multiboot2")]
    [InlineData("halt", "halt")]
    public void Foreign_loaders_are_listed_as_not_kexec_bootable(string body, string loader)
    {
        var e = Single(Eval($"menuentry x {{ {body} }}"));
        Assert.False(e.IsBootable);
        Assert.StartsWith(loader, e.NotBootableReason);
    }

    [Fact]
    public void Multiboot_modules_are_kept_for_the_details_view()
    {
        var e = Single(Eval("menuentry x { multiboot /xen.gz placeholder; module /vmlinuz root=/dev/sda1; module --nounzip /initrd.img }"));
        Assert.Equal("/dev/vda2:/vmlinuz root=/dev/sda1", e.Properties["grub.module1"]);
        Assert.Equal("/dev/vda2:/initrd.img", e.Properties["grub.module2"]);
        Assert.Equal("/xen.gz", e.Kernel!.Path);
    }

    [Fact]
    public void Default_by_index_id_title_and_submenu_path()
    {
        const string menu = """
            menuentry a --id ida { linux /a }
            submenu s --id ids {
              menuentry b --id idb { linux /b }
              menuentry "c>d" --id idc { linux /c }
            }
            """;
        string Def(string d) => Single(Eval($"set default=\"{d}\"\n{menu}").Result.Entries.Where(e => e.IsDefault).ToList() is var l && l.Count == 1 ? [l[0]] : throw new Xunit.Sdk.XunitException($"{l.Count} defaults for {d}")).Title;
        BootEntry Single(IEnumerable<BootEntry> e) => Assert.Single(e);
        Assert.Equal("a", Def("0"));
        Assert.Equal("a", Def("ida"));
        Assert.Equal("b", Def("1"));
        Assert.Equal("b", Def("s"));
        Assert.Equal("c>d", Def("ids>c>>d"));
        Assert.Equal("c>d", Def("1>1"));
        Assert.Equal("b", Def("s>idb"));
        Assert.Equal("a", Def("nonexistent"));
        Assert.Equal("a", Def("7"));
    }

    [Fact]
    public void Fallback_and_infinite_timeout()
    {
        var r = Eval("set fallback=1\nset timeout=-1\nmenuentry a { linux /a }\nmenuentry b { linux /b }").Result;
        Assert.True(r.Entries[1].IsFallback);
        Assert.Equal(Timeout.InfiniteTimeSpan, r.Timeout);
        Assert.Null(Eval("menuentry a { linux /a }").Result.Timeout);
    }

    [Fact]
    public void Submenu_sees_only_exported_variables_but_all_functions()
    {
        var r = Eval("""
            a=plain; export b; b=exported
            function f { echo; }
            submenu s {
              menuentry "x$a-$b" { f; linux /k $a $b }
            }
            """).Result;
        var e = Assert.Single(r.Entries);
        Assert.Equal("x-exported", e.Title);
        Assert.Equal("exported", e.Cmdline);
        Assert.Equal(["s"], e.SubmenuPath);
    }

    [Fact]
    public void Search_forms_set_root_to_the_matching_volume()
    {
        var home = Volume("/dev/vda1", uuid: "AAAA-0001", disk: 0, part: 1, type: "vfat");
        var data = Volume("/dev/vdb3", uuid: "0b5e1f3e-aaaa-bbbb-cccc-000000000003", label: "rootfs", disk: 1, part: 3);
        data.AddFile("/boot/marker", "x").AddFile("/boot/vmlinuz", "k");
        var ev = Eval("""
            search --no-floppy --fs-uuid --set=u --hint-bios=hd1,gpt3 0B5E1F3E-AAAA-BBBB-CCCC-000000000003
            search --label rootfs --set l
            search -f -s f /boot/marker
            search.fs_label rootfs sl
            search.file /boot/marker sf
            search.fs_uuid 0b5e1f3e-aaaa-bbbb-cccc-000000000003 su
            search --fs-uuid --set=missing ffffffff-0000-0000-0000-000000000000
            echo $u $l $f $sl $sf $su "$missing"
            probe --set=lab --label ($u)
            echo $lab
            menuentry m { search --set=root --label rootfs; linux /boot/vmlinuz; }
            """, home, [data]);
        Assert.Equal("hd1,gpt3|hd1,gpt3|hd1,gpt3|hd1,gpt3|hd1,gpt3|hd1,gpt3|\nrootfs", Echoed(ev));
        Assert.Same(data, Single(ev).Kernel!.Tree);
    }

    [Theory]
    [InlineData("(hd1,gpt3)/boot/vmlinuz", true)]
    [InlineData("(hd1,3)/boot/vmlinuz", true)]
    [InlineData("(hd1,msdos3)/boot/vmlinuz", false)]
    [InlineData("($data)/boot/vmlinuz", true)]
    [InlineData("(rootfs)/boot/vmlinuz", true)]
    [InlineData("(hd7,gpt1)/boot/vmlinuz", false)]
    public void Device_syntax_maps_to_scanned_volumes(string file, bool resolves)
    {
        var home = Volume("/dev/vda1", uuid: "AAAA-0001", disk: 0, part: 1, type: "vfat");
        var data = Volume("/dev/vdb3", uuid: "0b5e1f3e-aaaa-bbbb-cccc-000000000003", label: "rootfs", disk: 1, part: 3);
        data.AddFile("/boot/vmlinuz", "k");
        var e = Single(Eval($"data=hd1,gpt3\nmenuentry m {{ linux {file} }}", home, [data]));
        if (resolves)
            Assert.Same(data, e.Kernel!.Tree);
        else
            Assert.Null(e.Kernel);
        Assert.Equal(!resolves, e.Diagnostics.Any(d => d.Message.Contains("not found", StringComparison.Ordinal)));
    }

    [Fact]
    public void Source_shares_the_context_configfile_opens_a_new_one()
    {
        var home = Volume("/dev/vda2", disk: 0, part: 2);
        home.AddFile("/boot/grub/inc.cfg", "inner=1\nmenuentry sourced { linux /s }\n");
        home.AddFile("/boot/grub/other.cfg", "echo \"[$plain][$exp]\"\nmenuentry other { linux /o }\n");
        var ev = Eval("""
            source $prefix/inc.cfg
            echo $inner
            plain=p; export exp; exp=e
            configfile ${config_directory}/other.cfg
            """, home);
        Assert.Equal("1\n[][e]", Echoed(ev));
        // configfile shows its own menu.
        Assert.Equal("other", Single(ev).Title);
    }

    [Fact]
    public void Recursive_source_stops_at_the_depth_limit()
    {
        var ev = Eval("n=x$n\nmenuentry $n { linux /a }\nsource $config_file\n");
        Assert.Equal(GrubLimits.Default.MaxSourceDepth + 1, ev.Result.Entries.Count);
        Assert.Contains(ev.Result.Diagnostics, d => d.Message.Contains("nested deeper", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_env_whitelist_and_save_env_in_memory()
    {
        var home = Volume("/dev/vda2", disk: 0, part: 2);
        home.AddFile("/boot/grub/grubenv", GrubFixtureTests.EnvBlock("a=1\nb=2\n"));
        var ev = Eval("load_env b\necho \"[$a][$b]\"\nc=3\nsave_env c\nload_env\necho $a $c", home);
        Assert.Equal("[][2]\n1|3", Echoed(ev));
        var saved = System.Text.Encoding.ASCII.GetString(ev.SavedEnvironmentBlocks["/dev/vda2:/boot/grub/grubenv"]);
        Assert.StartsWith("# GRUB Environment Block\na=1\nb=2\nc=3\n#", saved, StringComparison.Ordinal);
        Assert.DoesNotContain("c=3", System.Text.Encoding.ASCII.GetString(home.ReadAllBytes("/boot/grub/grubenv")), StringComparison.Ordinal);
    }

    [Fact]
    public void Blscfg_expands_kernelopts_when_the_entry_runs()
    {
        var home = Volume("/dev/vda2", uuid: "5a5a5a5a-0000-0000-0000-000000000001", disk: 0, part: 2);
        home.AddFile("/loader/entries/abc-6.5.6-300.fc39.x86_64.conf",
            "title Fedora Linux ($kernelver) 39\nversion 6.5.6-300.fc39.x86_64\nlinux /vmlinuz-6.5.6-300.fc39.x86_64\ninitrd /initramfs-6.5.6-300.fc39.x86_64.img\noptions root=UUID=1234 ro $kernelopts\n");
        home.AddFile("/loader/entries/abc-6.4.1-200.fc39.x86_64.conf",
            "title Fedora Linux 6.4\nversion 6.4.1-200.fc39.x86_64\nlinux /vmlinuz-6.4.1-200.fc39.x86_64\noptions $kernelopts\n");
        home.AddFile("/grub2/grubenv", GrubFixtureTests.EnvBlock("saved_entry=abc-6.4.1-200.fc39.x86_64\nkernelopts=rhgb quiet\n"));
        var ev = Eval("""
            load_env
            set default="${saved_entry}"
            kernelver=6.5
            blscfg
            """, home, path: "/grub2/grub.cfg");
        var r = ev.Result;
        Assert.Equal(2, r.Entries.Count);
        var newest = r.Entries[0];
        Assert.Equal("Fedora Linux (6.5) 39", newest.Title);
        Assert.Equal("abc-6.5.6-300.fc39.x86_64", newest.Id);
        Assert.Equal("6.5.6-300.fc39.x86_64", newest.Version);
        Assert.Equal("root=UUID=1234 ro rhgb quiet", newest.Cmdline);
        Assert.Equal("/initramfs-6.5.6-300.fc39.x86_64.img", Assert.Single(newest.Initrds).Path);
        Assert.True(r.Entries[1].IsDefault);
    }

    [Fact]
    public void Loopback_without_an_opener_from_the_host_is_a_clear_diagnostic()
    {
        var home = Volume("/dev/vda2", disk: 0, part: 2);
        home.AddFile("/isos/ubuntu.iso", new byte[2048]);
        var e = Single(Eval("""
            menuentry iso {
              loopback loop /isos/ubuntu.iso
              linux (loop)/casper/vmlinuz iso-scan/filename=/isos/ubuntu.iso
            }
            """, home));
        // BootConfig never opens images itself: without an opener from the host, loopback says so.
        Assert.Null(e.Kernel);
        Assert.Contains(e.Diagnostics, d => d.Message == "loopback: cannot open '/isos/ubuntu.iso': ISO images are opened by the host; none given");
        Assert.Contains(e.Diagnostics, d => d.Message.Contains("disk 'loop' not found", StringComparison.Ordinal));
    }

    private sealed class FakeIsoOpener(IFileTree inside) : ILoopbackOpener
    {
        public FileRef? Opened;

        public IFileTree? Open(FileRef image, out string? problem)
        {
            Opened = image;
            problem = null;
            return inside;
        }
    }

    [Fact]
    public void Loopback_entries_boot_files_inside_the_image()
    {
        var home = Volume("/dev/vda2", disk: 0, part: 2);
        home.AddFile("/isos/ubuntu.iso", new byte[2048]);
        var iso = Volume("ubuntu.iso", type: "iso9660", label: "Ubuntu 22.04");
        iso.AddFile("/casper/vmlinuz", "k").AddFile("/casper/initrd", "i");
        var opener = new FakeIsoOpener(iso);
        var e = Single(Eval("""
            menuentry iso {
              set isofile=/isos/ubuntu.iso
              loopback loop $isofile
              set root=loop
              linux /casper/vmlinuz iso-scan/filename=$isofile quiet
              initrd (loop)/casper/initrd
            }
            """, home, loopback: opener));
        Assert.Equal("/isos/ubuntu.iso", opener.Opened!.Path);
        Assert.Same(iso, e.Kernel!.Tree);
        Assert.Same(iso, e.Initrds[0].Tree);
        Assert.Equal("iso-scan/filename=/isos/ubuntu.iso quiet", e.Cmdline);
        Assert.True(e.IsBootable);
    }

    [Fact]
    public void Crlf_line_endings_and_a_bom_are_accepted()
    {
        var home = Volume("/dev/vda2", disk: 0, part: 2);
        home.AddFile("/boot/grub/grub.cfg", [0xEF, 0xBB, 0xBF, .. "set timeout=2\r\nmenuentry 'a' {\r\n  linux /k quiet\r\n}\r\n"u8.ToArray()]);
        var r = new GrubParser().Parse(home, [home]);
        Assert.Equal("quiet", Assert.Single(r.Entries).Cmdline);
        Assert.Equal(TimeSpan.FromSeconds(2), r.Timeout);
        Assert.Empty(r.Diagnostics);
    }

    [Fact]
    public void Eval_and_regexp()
    {
        Assert.Equal("2", Echo("eval 'x=2'; echo $x"));
        Assert.Equal("6.1.0-13|amd64", Echo("regexp --set=1:v --set=2:a 'vmlinuz-(.*)-([a-z0-9]+)$' vmlinuz-6.1.0-13-amd64; echo $v $a"));
        Assert.Equal("no", Echo("if regexp '^x' abc; then echo yes; else echo no; fi"));
    }

    [Fact]
    public void Hidden_entries_are_listed_and_marked()
    {
        var e = Single(Eval("hiddenentry 'Secret' --hotkey s { linux /k }"));
        Assert.True(e.Hidden);
        Assert.Equal(MenuHotkey.Of('s'), e.Hotkey);
    }
}
