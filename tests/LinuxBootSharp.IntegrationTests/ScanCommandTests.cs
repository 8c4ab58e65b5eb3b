using System.Text.Json;

namespace LinuxBootSharp.IntegrationTests;

/// <summary>`lbs scan` (the static binary) on the qemu disk set, as a person debugging a machine would run it.</summary>
public sealed class ScanCommandTests
{
    private static (int Code, string Out, string Err) Lbs(params string[] args)
    {
        var (code, o, err) = Artifacts.RunLbs(args);
        return (code, System.Text.Encoding.UTF8.GetString(o), err);
    }

    private static string[] AllDisks()
    {
        DiskSet.Ensure();
        return [DiskSet.Path("disk1-gpt.img"), DiskSet.Path("disk2-xfs.img"), DiskSet.Path("disk3-iso.iso"), DiskSet.Path("disk4-corrupt.img")];
    }

    [Fact]
    public void JsonListsEveryDiskEntryInConfigOrderWithTheDefaultFlagged()
    {
        var (code, o, err) = Lbs(["scan", .. AllDisks(), "--json"]);
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(o);
        var root = doc.RootElement;
        Assert.Equal(1, root.GetProperty("format_version").GetInt32());
        var entries = root.GetProperty("entries").EnumerateArray().ToList();
        var markers = entries.Select(e => e.GetProperty("cmdline").GetString()!).Select(c => c.Split(' ').FirstOrDefault(w => w.StartsWith("lbs.marker=")) ?? "").ToList();
        // Disk order, each disk's configs in their own order (Debian's grub.cfg lists its default first).
        Assert.Equal(["debian-default", "debian-adv", "debian-recovery", "", "debian-third", "bls-a", "bls-b", "bls-c"],
            markers.Take(8).Select(m => m.Replace("lbs.marker=", "", StringComparison.Ordinal)));
        Assert.True(entries[0].GetProperty("default").GetBoolean());
        Assert.Equal(1, entries.Count(e => e.GetProperty("default").GetBoolean()));
        // Each disk is one block, the blocks in disk order.
        var order = AllDisks().ToList();
        var diskOf = entries.Select(e => e.GetProperty("source_file").GetString()!).Select(f => order.FindIndex(d => f.StartsWith(d + ":", StringComparison.Ordinal))).ToList();
        Assert.DoesNotContain(-1, diskOf);
        Assert.Equal(diskOf.Order(), diskOf);
        foreach (var m in new[] { "debian-adv", "debian-recovery", "debian-third", "bls-a", "bls-b", "bls-c", "rhel-1", "rhel-2", "iso-install", "iso-rescue" })
            Assert.Equal(1, markers.Count(x => x == "lbs.marker=" + m));
        // RHEL's grubenv kernelopts were expanded by blscfg (not the grub.cfg fallback with crashkernel=).
        var rhel2 = entries[markers.IndexOf("lbs.marker=rhel-2")];
        Assert.StartsWith("root=/dev/mapper/rhel-root ro", rhel2.GetProperty("cmdline").GetString());
        Assert.DoesNotContain("crashkernel", rhel2.GetProperty("cmdline").GetString());
        Assert.Equal("xfs", root.GetProperty("disks")[1].GetProperty("file_systems")[0].GetProperty("type").GetString());
        Assert.Equal("1234-ABCD", root.GetProperty("disks")[0].GetProperty("file_systems")[0].GetProperty("uuid").GetString());
        // The corrupt disk is a diagnostic naming it, not a failure of the scan.
        Assert.Contains(root.GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("file").GetString()!.EndsWith("disk4-corrupt.img") && d.GetProperty("message").GetString()!.Contains("CRC"));
        // The submenu hierarchy is kept.
        var adv = entries[markers.IndexOf("lbs.marker=debian-adv")];
        Assert.Equal("Advanced options for Debian GNU/Linux", adv.GetProperty("submenu")[0].GetString());
    }

    [Fact]
    public void TableShowsDefaultAndProblems()
    {
        var (code, o, _) = Lbs(["scan", .. AllDisks()]);
        Assert.Equal(0, code);
        var first = o.Split('\n').First(l => l.TrimStart().StartsWith("1 "));
        Assert.Contains("*", first);
        Assert.Contains("Debian GNU/Linux", first);
        Assert.Contains("problems:", o);
        Assert.Contains("disk4-corrupt.img", o);
    }

    /// <summary>GRUB's menu facts (issue 12) in both forms: timeout style, superusers, one-shot default, hotkey, users, fallback rank.</summary>
    [Fact]
    public void JsonAndTableShowGrubsMenuFacts()
    {
        var dir = Artifacts.Scratch("scan-menu-facts");
        Directory.CreateDirectory(Path.Combine(dir, "grub"));
        File.WriteAllText(Path.Combine(dir, "vmlinuz"), "kernel");
        File.WriteAllText(Path.Combine(dir, "grub", "grub.cfg"), """
            set default=0
            set timeout=4
            set timeout_style=hidden
            set fallback=1
            set superusers="root"
            menuentry 'Main' --unrestricted --hotkey=m { linux /vmlinuz main=1 }
            menuentry 'Other' --users "alice bob" --hotkey=f5 { linux /vmlinuz other=1 }
            """);
        var (code, o, err) = Lbs("scan", dir, "--json");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(o);
        var root = doc.RootElement;
        Assert.Equal("hidden", root.GetProperty("timeout_style").GetString());
        Assert.Equal(["root"], root.GetProperty("superusers").EnumerateArray().Select(u => u.GetString()));
        Assert.False(root.GetProperty("default_one_shot").GetBoolean());
        var entries = root.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal("m", entries[0].GetProperty("hotkey").GetString());
        Assert.True(entries[0].GetProperty("unrestricted").GetBoolean());
        Assert.Equal(JsonValueKind.Null, entries[0].GetProperty("users").ValueKind);
        Assert.Equal(JsonValueKind.Null, entries[0].GetProperty("fallback_rank").ValueKind);
        Assert.Equal("f5", entries[1].GetProperty("hotkey").GetString());
        Assert.Equal(["alice", "bob"], entries[1].GetProperty("users").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(0, entries[1].GetProperty("fallback_rank").GetInt32());

        var (_, table, _) = Lbs("scan", dir);
        Assert.Contains("hotkey f5, users: alice, bob, fallback #1", table);
        Assert.Contains("timeout style hidden: the menu shows only on a key press", table);
        Assert.Contains("superusers root: GRUB asks for a password; lbs does not", table);
    }

    [Fact]
    public void MissingTargetIsOneClearLine()
    {
        var (code, _, err) = Lbs("scan", "/nonexistent/disk.img");
        Assert.Equal(1, code);
        Assert.Equal("lbs scan: /nonexistent/disk.img: no such file, device or directory", err.Trim());
    }
}
