using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using LinuxBootSharp.BootConfig.Grub;
using LinuxBootSharp.Storage;
using LinuxBootSharp.Tests.Shared;

namespace LinuxBootSharp.BootConfig.Tests;

/// <summary>
/// petitboot's grub2 parser tests (corpus petitboot/test/parser/expected/*.json with "grub2" in
/// "parsers"). The fake devices of the C tests are rebuilt here: ctx->device is the volume the
/// config is on (UUID ...0001, as test-grub2-devpath assumes), "dev2" has UUID ...0002, and each
/// test_create_device() of a test becomes a volume with the identity its config searches for.
/// A device created after the parse (petitboot resolves late) is a second evaluation with that
/// volume present. Petitboot only makes boot options of entries that load a Linux kernel, so the
/// checks see those entries; entries GRUB lists but cannot kexec (reboot, exit) are left out.
/// </summary>
public static class GrubPetitbootConformance
{
    public static string Dir => Path.Combine(RepoPaths.Corpus, "petitboot", "test", "parser");

    public const string Dev1Uuid = "00000000-0000-0000-0000-000000000001";
    public const string Dev2Uuid = "00000000-0000-0000-0000-000000000002";

    public static IEnumerable<string> Cases()
    {
        if (!RepoPaths.HasCorpus)
            yield break;
        foreach (var f in Directory.GetFiles(Path.Combine(Dir, "expected"), "*.json").Order(StringComparer.Ordinal))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(f));
            if (doc.RootElement.GetProperty("parsers").EnumerateArray().Any(p => p.GetString() == "grub2")
                && !doc.RootElement.TryGetProperty("env_cases", out _))
                yield return Path.GetFileNameWithoutExtension(f);
        }
    }

    /// <summary>Identities of the devices each C test creates (test_create_device), from its config.</summary>
    private static FileSystemIdentity? CreatedDevice(string test, string name) => (test, name) switch
    {
        ("test-grub2-f18-ppc64", _) => Id(name, "773653a7-660e-490e-9a74-d9fdfc9bbbf6"),
        ("test-grub2-ubuntu-13_04-x86", _) => Id(name, "29beca39-9181-4780-bbb2-ab5d4be59aaf"),
        ("test-grub2-multiple-resolve", _) => Id(name, "48c1b787-20ad-47ce-b9eb-b108dddc3535"),
        ("test-grub2-unresolved-remove" or "test-unresolved-remove", _) => Id(name, "ec50d321-aab1-4335-8a87-aa8fadd80a09"),
        ("test-grub2-search-label", _) => Id(name, "12345678-0000-0000-0000-00000000aaaa", "testlabel"),
        ("test-grub2-search-uuid", _) => Id(name, "ee0cc6fa-1dba-48f2-8f5b-19e4b8de8c37"),
        ("test-grub2-rhcos-ootpa", _) => Id(name, "645e1535-a6f3-4fa6-a82c-b8c032619a7b", "boot"),
        ("test-grub2-rhel8", _) => Id(name, "9a8ea027-4829-45b9-829b-18ed6cc1f33b"),
        _ => null,
    };

    private static FileSystemIdentity Id(string device, string uuid, string? label = null) =>
        new() { Type = "ext4", Device = device, Uuid = uuid, Label = label };

    /// <summary>One evaluation of a case: the parse and the volumes it saw.</summary>
    public sealed record Run(GrubEvaluation Evaluation, InMemoryFileTree Home, Dictionary<string, IFileTree> Devices)
    {
        /// <summary>What petitboot calls boot options: entries whose body ran a Linux loader.</summary>
        public List<BootEntry> Options => Evaluation.Result.Entries
            .Where(e => e.Properties.TryGetValue("grub.loader", out var l) && l.StartsWith("linux", StringComparison.Ordinal)).ToList();
    }

    public static Run Evaluate(string test, IEnumerable<string> createdDevices)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, "expected", test + ".json")));
        var root = doc.RootElement;
        var home = new InMemoryFileTree(new FileSystemIdentity { Type = "ext4", Device = "ctx-device", Uuid = Dev1Uuid });
        var devices = new Dictionary<string, IFileTree>(StringComparer.Ordinal) { ["ctx->device"] = home, ["dev1"] = home };
        string? configPath = null;
        if (root.TryGetProperty("embedded_config", out var ec) && ec.GetString() is string ep)
        {
            var text = File.ReadAllText(Path.Combine(Dir, ep));
            foreach (var at in root.GetProperty("conf_embedded_at").EnumerateArray())
            {
                home.AddFile(at.GetString()!, text);
                configPath ??= at.GetString();
            }
        }
        foreach (var cf in root.GetProperty("conf_files").EnumerateArray())
        {
            home.AddFile(cf.GetProperty("at").GetString()!, File.ReadAllBytes(Path.Combine(Dir, "data", cf.GetProperty("data_file").GetString()!)));
            configPath ??= cf.GetProperty("at").GetString();
        }
        var extraFiles = root.GetProperty("added_files").EnumerateArray().Select(a => (a.GetProperty("path").GetString()!, a.GetProperty("content").GetString()!)).ToList();
        foreach (var ad in root.GetProperty("added_dirs").EnumerateArray())
            home.AddDirectory(ad.GetString()!);
        var volumes = new List<IFileTree> { home };
        if (test is "test-grub2-devpath" or "test-grub2-devpath-scripting" or "test-grub2-test-file-ops")
        {
            var dev2 = new InMemoryFileTree(Id("dev2", Dev2Uuid));
            dev2.AddFile("/2-present", "x");
            devices["dev2"] = dev2;
            volumes.Add(dev2);
            home.AddFile("/1-present", "x");
        }
        if (test == "test-grub2-test-file-ops")
        {
            // The C test adds these with test_add_file_data (not transcribed into the JSON).
            home.AddFile("/empty_file", "");
            home.AddFile("/non_empty_file", "data");
        }
        foreach (var name in createdDevices)
        {
            var v = new InMemoryFileTree(CreatedDevice(test, name) ?? Id(name, "99999999-0000-0000-0000-" + name.Length.ToString("x12", CultureInfo.InvariantCulture)));
            devices[name] = v;
            volumes.Add(v);
        }
        foreach (var (p, content) in extraFiles)
        {
            // rhcos: the ignition file lives on the "boot"-labelled device the config searches for.
            if (test == "test-grub2-rhcos-ootpa" && devices.TryGetValue("bootdev", out var bd))
                ((InMemoryFileTree)bd).AddFile(p, content);
            else
                home.AddFile(p, content);
        }
        var ev = configPath is null
            ? new GrubParser().Evaluate(home, volumes, "/boot/grub/grub.cfg", test == "test-grub2-noeol" ? NoEolConfig : "")
            : new GrubParser().Evaluate(home, volumes, configPath);
        return new Run(ev, home, devices);
    }

    /// <summary>test-grub2-noeol builds its config in C; the point is a last line without '\n'.</summary>
    public const string NoEolConfig = "menuentry 'Linux' {\n\tlinux /vmlinux\n}";

    /// <summary>
    /// Runs the transcribed checks in order. "dev = test_create_device(...)" before any option
    /// check makes the device exist from the start; after one, later checks see a second
    /// evaluation with the device present. Returns null when every check holds.
    /// </summary>
    public static string? CheckPeer(string test)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, "expected", test + ".json")));
        var checks = doc.RootElement.GetProperty("checks").EnumerateArray().Select(c => c.GetString()!).ToList();
        var early = new List<string>();
        foreach (var c in checks)
        {
            var m = Regex.Match(c, "^dev = test_create_device\\(test, \"(.*)\"\\);$");
            if (m.Success)
                early.Add(m.Groups[1].Value);
            else if (c.StartsWith("check_", StringComparison.Ordinal) || c.StartsWith("opt", StringComparison.Ordinal))
                break;
        }
        var run = Evaluate(test, early);
        var problems = new List<string>();
        BootEntry? opt = null;
        int optIndex = -1;
        string? devName = null;
        if (test.Contains("multiple-resolve", StringComparison.Ordinal))
            return CheckMultipleResolve(test, checks);
        if (Loops.TryGetValue(test, out var loop))
            return loop(run);
        foreach (var check in checks)
        {
            Match m;
            var options = run.Options;
            if (check is "ctx = test->ctx;")
                continue;
            if (check is "dev = ctx->device;" or "dev = test->ctx->device;")
            {
                devName = "ctx->device";
                continue;
            }
            if ((m = Regex.Match(check, "^dev = test_create_device\\(test, \"(.*)\"\\);$")).Success)
            {
                devName = m.Groups[1].Value;
                if (!run.Devices.ContainsKey(devName))
                    run = Evaluate(test, early.Append(devName));
                continue;
            }
            if ((m = Regex.Match(check, @"^check_boot_option_count\((?:ctx|test->ctx), (\d+)\);$")).Success)
            {
                int n = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                if (options.Count != n)
                    problems.Add($"{options.Count} options [{string.Join(", ", options.Select(o => o.Title))}], expected {n}");
                continue;
            }
            if ((m = Regex.Match(check, @"^opt = get_boot_option\((?:ctx|test->ctx), ?(\d+)\);$")).Success)
            {
                optIndex = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                opt = optIndex < options.Count ? options[optIndex] : null;
                if (opt is null)
                    problems.Add($"no option {optIndex} (have {options.Count})");
                continue;
            }
            if (check.StartsWith("check_file_contents", StringComparison.Ordinal))
            {
                // env_after of this test is defined in the C source and was not transcribed.
                problems.Add("check_file_contents: expected contents not in the corpus");
                continue;
            }
            if (opt is null)
            {
                if (check.StartsWith("check_", StringComparison.Ordinal) && optIndex < 0)
                    problems.Add($"check before any option: {check}");
                continue;
            }
            // An option index refers to the current evaluation (a re-run after a device appears).
            opt = optIndex < options.Count ? options[optIndex] : opt;
            if ((m = Regex.Match(check, "^check_name\\(opt, (.*)\\);$")).Success)
            {
                var want = CString(m.Groups[1].Value, run, devName);
                if (opt.Title != want)
                    problems.Add($"[{optIndex}] name '{opt.Title}', expected '{want}'");
            }
            else if ((m = Regex.Match(check, "^check_args\\(opt, (.*)\\);$")).Success)
            {
                var want = m.Groups[1].Value == "NULL" ? "" : CString(m.Groups[1].Value, run, devName);
                if (opt.Cmdline != want)
                    problems.Add($"[{optIndex}] args '{opt.Cmdline}', expected '{want}'");
            }
            else if (check == "check_is_default(opt);")
            {
                if (!opt.IsDefault)
                    problems.Add($"[{optIndex}] {opt.Title} is not the default");
            }
            else if ((m = Regex.Match(check, "^check_resolved_local_resource\\(opt->(boot_image|initrd), (ctx->device|dev|dev1|dev2), \"(.*)\"\\);$")).Success)
            {
                var f = m.Groups[1].Value == "boot_image" ? opt.Kernel : opt.Initrds.FirstOrDefault();
                var devKey = m.Groups[2].Value == "dev" ? devName ?? "ctx->device" : m.Groups[2].Value;
                var tree = run.Devices.GetValueOrDefault(devKey);
                if (f is null || !ReferenceEquals(f.Tree, tree) || f.Path != m.Groups[3].Value)
                    problems.Add($"[{optIndex}] {m.Groups[1].Value} {f?.Display ?? "(none)"}, expected {devKey}:{m.Groups[3].Value}");
            }
            else if ((m = Regex.Match(check, "^check_unresolved_resource\\(opt->(boot_image|initrd)\\);$")).Success)
            {
                var f = m.Groups[1].Value == "boot_image" ? opt.Kernel : opt.Initrds.FirstOrDefault();
                if (f is not null && f.Exists())
                    problems.Add($"[{optIndex}] {m.Groups[1].Value} resolved to {f.Display}");
            }
            else if (check == "check_not_present_resource(opt->initrd);")
            {
                if (opt.Initrds.Count != 0)
                    problems.Add($"[{optIndex}] has initrds {string.Join(", ", opt.Initrds)}");
            }
            else
            {
                problems.Add($"unsupported check: {check}");
            }
        }
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    /// <summary>A C string argument: "literal" pieces (adjacent literals concatenate) or dev->device->id.</summary>
    private static string CString(string expr, Run run, string? devName)
    {
        if (expr == "dev->device->id")
            return GrubDevices.NameOf(run.Devices[devName ?? "ctx->device"].Identity);
        var sb = new System.Text.StringBuilder();
        foreach (Match m in Regex.Matches(expr, "\"((?:[^\"\\\\]|\\\\.)*)\""))
            sb.Append(m.Groups[1].Value.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal));
        // A petitboot device id ("testdev") is the device's name: ours is the GRUB-style name of that volume.
        var s = sb.ToString();
        return run.Devices.TryGetValue(s, out var named) ? GrubDevices.NameOf(named.Identity) : s;
    }

    /// <summary>Cases whose C checks run in loops over (i, str): transcribed by hand from the check text.</summary>
    private static readonly Dictionary<string, Func<Run, string?>> Loops = new(StringComparer.Ordinal)
    {
        ["test-grub2-menuentry-formats"] = run =>
        {
            var o = run.Options;
            if (o.Count != 11)
                return $"{o.Count} options, expected 11";
            for (int i = 0; i < 10; i++)
                if (o[i].Title != $"test.{i}")
                    return $"[{i}] name '{o[i].Title}'";
            return o[10].Title == "" ? null : $"[10] name '{o[10].Title}', expected ''";
        },
        ["test-grub2-f18-ppc64"] = run =>
        {
            var o = run.Options;
            if (o.Count != 2)
                return $"{o.Count} options, expected 2";
            const string args = "root=/dev/mapper/fedora_ltcfbl8eb-root ro rd.lvm.lv=fedora_ltcfbl8eb/swap rd.dm=0 rd.lvm.lv=fedora_ltcfbl8eb/root rd.md=0 rd.luks=0 vconsole.keymap=us rhgb quiet";
            for (int i = 0; i < 2; i++)
            {
                if (o[i].Kernel is { } k && k.Exists())
                    return $"[{i}] kernel resolved before the device exists";
                if (o[i].Cmdline != args)
                    return $"[{i}] args '{o[i].Cmdline}'";
                var name = i == 0 ? "Fedora" : "Fedora, with Linux 3.6.10-4.fc18.ppc64p7";
                if (o[i].Title != name)
                    return $"[{i}] name '{o[i].Title}'";
            }
            var late = Evaluate("test-grub2-f18-ppc64", ["external"]);
            var ext = late.Devices["external"];
            foreach (var e in late.Options)
            {
                if (e.Kernel?.Tree != ext || e.Kernel.Path != "/vmlinuz-3.6.10-4.fc18.ppc64p7")
                    return $"{e.Title}: kernel {e.Kernel?.Display}";
                if (e.Initrds.FirstOrDefault() is not { } i0 || i0.Tree != ext || i0.Path != "/initramfs-3.6.10-4.fc18.ppc64p7.img")
                    return $"{e.Title}: initrd {e.Initrds.FirstOrDefault()?.Display}";
            }
            return null;
        },
    };

    /// <summary>test-grub2-multiple-resolve uses opt[0]/opt[1] rather than get_boot_option.</summary>
    private static string? CheckMultipleResolve(string test, List<string> checks)
    {
        var before = Evaluate(test, []).Options;
        var after = Evaluate(test, ["external"]);
        if (before.Count != 2)
            return $"{before.Count} options before the device exists";
        foreach (var o in before)
            if (o.Kernel is { } k && k.Exists() || o.Initrds.Count > 0)
                return $"{o.Title}: resolved before the device exists";
        foreach (var o in after.Options)
            if (o.Kernel?.Tree != after.Devices["external"] || o.Kernel.Path != "/vmlinux" || o.Initrds.Count > 0)
                return $"{o.Title}: kernel {o.Kernel?.Display} after the device appeared";
        _ = checks;
        return null;
    }

    private static BootEntry? Entry(Run run, string title) => run.Evaluation.Result.Entries.FirstOrDefault(e => e.Title == title);

    private static bool HasDiagnostic(BootEntry? e, string text) =>
        e is not null && e.Diagnostics.Any(d => d.Message.Contains(text, StringComparison.Ordinal));

    private static string Titles(Run run) => string.Join(",", run.Evaluation.Result.Entries.Select(e => e.Title));

    /// <summary>GRUB-correct assertions for the cases listed in KnownDeviations.md.</summary>
    public static readonly Dictionary<string, Func<string, string?>> GrubCorrect = new(StringComparer.Ordinal)
    {
        // "linux vmlinux": GRUB's file systems refuse a path without a leading '/'.
        ["test-grub2-saved-default"] = t =>
        {
            var e = Entry(Evaluate(t, []), "test saved option");
            return e is { IsDefault: true, Kernel: null } && HasDiagnostic(e, "invalid file name") ? null : "expected the default entry with an 'invalid file name' kernel";
        },
        ["test-grub2-load-env"] = t =>
        {
            var e = Entry(Evaluate(t, []), "Linux");
            return e is { Kernel: null } && e.CmdlinePrefix == "BOOT_IMAGE=vmlinux-from-env" && HasDiagnostic(e, "invalid file name")
                ? null : "expected $kernel from grubenv with an 'invalid file name' kernel";
        },
        // Entry bodies run when chosen, after the whole config: $root is ...0002 by then for a-d;
        // "(uuid" without ')' and a bare "(uuid)" are entries GRUB lists but cannot load.
        ["test-grub2-devpath"] = t =>
        {
            var run = Evaluate(t, []);
            var dev1 = run.Devices["dev1"];
            var dev2 = run.Devices["dev2"];
            var want = new (string, IFileTree?)[] { ("a", dev2), ("b", dev2), ("c", dev2), ("d", dev2), ("e", dev1), ("f", dev2), ("g", null), ("h", null) };
            foreach (var (title, tree) in want)
            {
                var e = Entry(run, title);
                if (e is null)
                    return $"no entry {title}";
                if (tree is null ? e.Kernel is not null : e.Kernel?.Tree != tree || e.Kernel.Path != "/vmlinux")
                    return $"{title}: kernel {e.Kernel?.Display}";
            }
            return null;
        },
        // $2 inside a menuentry body is the entry's own second argument (setparams), which is unset.
        ["test-grub2-source-functions"] = t =>
        {
            var run = Evaluate(t, []);
            foreach (var title in (string[])["f1a", "f2a"])
                if (Entry(run, title) is not { Kernel: null } e || !HasDiagnostic(e, "filename expected"))
                    return $"{title}: expected 'linux' without a file name; entries: {Titles(run)}";
            return null;
        },
        // search needs --file/--label/--fs-uuid, so every search here fails and $root keeps its value.
        ["test-grub2-search-args"] = t =>
        {
            var run = Evaluate(t, []);
            var title = GrubDevices.NameOf(run.Home.Identity);
            return run.Evaluation.Result.Entries.Select(e => e.Title).SequenceEqual([title]) ? null : $"entries {Titles(run)}, expected {title}";
        },
        ["test-grub2-search-uuid"] = t =>
        {
            var run = Evaluate(t, ["testdev"]);
            var name = GrubDevices.NameOf(run.Devices["testdev"].Identity);
            return run.Evaluation.Result.Entries.Select(e => e.Title).SequenceEqual([name])
                && run.Evaluation.Result.Diagnostics.Count(d => d.Message.Contains("missing arguments", StringComparison.Ordinal)) == 2
                ? null : $"entries {Titles(run)}, expected only {name}";
        },
        ["test-grub2-multiple-resolve"] = t =>
        {
            var run = Evaluate(t, ["external"]);
            return run.Options.Count == 2 && run.Options.All(o => o.Kernel?.Tree == run.Home && o.Kernel.Path == "/vmlinux")
                ? null : "expected both kernels on the config's own device (typeless search fails)";
        },
        ["test-unresolved-remove"] = t =>
        {
            var run = Evaluate(t, ["external"]);
            var e = Entry(run, "Linux");
            return e is not null && e.Kernel?.Tree == run.Home && !e.Kernel.Exists() ? null : "expected the entry kept, its kernel missing on the config's device";
        },
        // -s opens the name as a file; a directory cannot be opened.
        ["test-grub2-test-file-ops"] = t =>
        {
            var run = Evaluate(t, []);
            return Titles(run) == "fail_s_2" ? null : $"entries {Titles(run)}, expected fail_s_2";
        },
        // set takes one argument: "set kernelopts=root=... ro ..." sets only "root=...".
        ["test-grub2-blscfg-opts-config"] = t =>
        {
            var run = Evaluate(t, []);
            var e = run.Options.FirstOrDefault();
            return e?.Cmdline == "root=/dev/mapper/fedora-root" && e.Title == "Fedora (4.15.2-302.fc28.x86_64) 28 (Twenty Eight)"
                ? null : $"cmdline '{e?.Cmdline}'";
        },
        // "-f env_file" is a relative name: GRUB cannot open it, so nothing is saved.
        ["test-grub2-save-env-dash-f"] = t =>
        {
            var run = Evaluate(t, []);
            return run.Evaluation.SavedEnvironmentBlocks.Count == 0
                && run.Evaluation.Result.Diagnostics.Any(d => d.Message.StartsWith("save_env", StringComparison.Ordinal) && d.Message.Contains("invalid file name", StringComparison.Ordinal))
                ? null : "expected save_env to fail with 'invalid file name'";
        },
    };
}
