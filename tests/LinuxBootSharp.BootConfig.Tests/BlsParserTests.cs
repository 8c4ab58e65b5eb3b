using LinuxBootSharp.BootConfig.Bls;
using LinuxBootSharp.Storage;
using LinuxBootSharp.Tests.Shared;

namespace LinuxBootSharp.BootConfig.Tests;

public class BlsParserTests
{
    private static string Fixture(string name) => Path.Combine(RepoPaths.Root, "tests", "LinuxBootSharp.BootConfig.Tests", "Fixtures", "Bls", name);

    private static DirectoryFileTree Esp() =>
        new(Fixture("esp"), new FileSystemIdentity { Type = "vfat", Device = "/dev/vda1" });

    [Fact]
    public void EspFixtureOrderTitlesAndHiddenArchitecture()
    {
        var r = new BlsParser("x64").Parse(Esp(), []);
        Assert.Equal(["6a98-6.9.1", "6a98-6.8.0", "shell", "6a98-6.10.0"], r.Entries.Select(e => e.Id));
        // Three entries share a title: the version tells them apart ("Sorting", title key).
        Assert.Equal(["Fixture Linux (6.9.1)", "Fixture Linux (6.8.0)", "EFI Shell", "Fixture Linux (6.10.0)"], r.Entries.Select(e => e.Title));
        Assert.Contains(r.Diagnostics, d => d.Message.Contains("'AA64'") && d.File!.EndsWith("arm-board.conf") && d.Line == 4);
        Assert.All(r.Entries, e => Assert.Equal("bls", e.Source));
    }

    [Fact]
    public void EspFixtureEntryFields()
    {
        var r = new BlsParser("x64").Parse(Esp(), []);
        var e = r.Entries[0];
        Assert.Equal("/dev/vda1:/loader/entries/6a98-6.9.1+2-1.conf", e.SourceFile);
        Assert.Equal(2, e.SourceLine);
        Assert.Equal("6.9.1", e.Version);
        Assert.Equal("root=UUID=0b0b quiet rw", e.Cmdline);
        Assert.Equal("/6a98/6.9.1/linux", e.Kernel!.Path);
        Assert.Equal(["/6a98/6.9.1/microcode.img", "/6a98/6.9.1/initrd"], e.Initrds.Select(i => i.Path));
        Assert.Equal("/6a98/6.9.1/board.dtb", e.DeviceTree!.Path);
        Assert.Equal(["/6a98/6.9.1/a.dtbo"], e.DeviceTreeOverlays.Select(i => i.Path));
        Assert.True(e.Kernel.Exists());
        Assert.Equal("6a9857a393724b7a981ebb5b8495b9ea", e.Properties["machine-id"]);
        Assert.Equal("fixture", e.Properties["sort-key"]);
        Assert.Equal(new BootCounting(2, 1), e.Counting);
        Assert.Equal("indeterminate", e.Counting!.Value.State);
        Assert.Equal(new EditDenial("/dev/vda1:/loader/loader.conf", 2, "editor no"), e.EditDenied);
        // Typed facts are not repeated in the display-only bag.
        Assert.DoesNotContain(e.Properties.Keys, k => k is "editor" or "tries-left" or "tries-done" or "boot-counting");
        Assert.True(e.IsBootable);
        Assert.Empty(e.Diagnostics);
    }

    [Fact]
    public void LoaderConfDefaultGlobTimeoutAndBadEntry()
    {
        var r = new BlsParser("x64").Parse(Esp(), []);
        Assert.Equal(TimeSpan.FromSeconds(7), r.Timeout);
        Assert.Equal("6a98-6.8.0", Assert.Single(r.Entries, e => e.IsDefault).Id);
        var bad = r.Entries[^1];
        Assert.True(bad.Counting!.Value.IsBad);
        Assert.Equal("bad", bad.Counting.Value.State);
        Assert.Contains("/dev/vda1:/loader/loader.conf", r.ConfigFiles);
    }

    [Fact]
    public void EfiEntryIsListedButNotBootable()
    {
        var shell = new BlsParser("x64").Parse(Esp(), []).Entries.Single(e => e.Id == "shell");
        Assert.False(shell.IsBootable);
        Assert.Contains("EFI program /EFI/tools/shell.efi", shell.NotBootableReason);
    }

    [Fact]
    public void OtherArchitectureShowsWhatX64Hides()
    {
        var r = new BlsParser("aa64").Parse(Esp(), []);
        Assert.Contains(r.Entries, e => e.Id == "arm-board");
    }

    [Fact]
    public void RootFileSystemEntriesResolveUnderBoot()
    {
        var tree = new DirectoryFileTree(Fixture("rootfs"));
        var e = Assert.Single(new BlsParser("x64").Parse(tree, []).Entries);
        Assert.Equal("/boot/vmlinuz-6.1.0", e.Kernel!.Path);
        Assert.Equal(["/boot/initrd.img-6.1.0"], e.Initrds.Select(i => i.Path));
        Assert.True(e.IsDefault); // no loader.conf: the first entry of the sorted list
        Assert.Null(new BlsParser("x64").Parse(tree, []).Timeout);
        Assert.Empty(e.Diagnostics);
    }

    [Fact]
    public void SymlinkLoopsBecomeDiagnostics()
    {
        var t = new InMemoryFileTree()
            .AddSymlink("/loader/entries", "/loader/entries2").AddSymlink("/loader/entries2", "/loader/entries")
            .AddSymlink("/loader/loader.conf", "/loader/loader.conf")
            .AddSymlink("/EFI/Linux", "/EFI/Linux")
            .AddFile("/boot/loader/entries/ok.conf", "linux /k\n")
            .AddSymlink("/k", "/k");
        var r = new BlsParser("x64").Parse(t, []);
        var e = Assert.Single(r.Entries);
        Assert.Contains(r.Diagnostics, d => d.Message.Contains("symbolic links"));
        Assert.Contains(e.Diagnostics, d => d.Message.Contains("symbolic links"));
        Assert.Empty(new Uki.UkiParser("x64").Parse(t, []).Entries);
    }

    [Fact]
    public void NoEntriesNoResult()
    {
        var r = new BlsParser("x64").Parse(new InMemoryFileTree().AddFile("/loader/loader.conf", "timeout 3"), []);
        Assert.Empty(r.Entries);
    }

    [Fact]
    public void MissingKernelIsDiagnosedWithLine()
    {
        var t = new InMemoryFileTree().AddFile("/loader/entries/a.conf", "title A\n\nlinux /nope\ninitrd /nope.img\n");
        var e = Assert.Single(new BlsParser("x64").Parse(t, []).Entries);
        Assert.Contains(e.Diagnostics, d => d.Line == 3 && d.Message.Contains("linux /nope"));
        Assert.Contains(e.Diagnostics, d => d.Line == 4 && d.Message.Contains("initrd /nope.img"));
        Assert.Equal("/nope", e.Kernel!.Path);
    }

    [Theory]
    [InlineData("menu-force", -1)]
    [InlineData("menu-hidden", 0)]
    [InlineData("0", 0)]
    [InlineData("15", 15)]
    public void LoaderConfTimeoutValues(string value, int seconds)
    {
        var t = new InMemoryFileTree().AddFile("/loader/loader.conf", $"timeout {value}\n").AddFile("/loader/entries/a.conf", "linux /k");
        var r = new BlsParser("x64").Parse(t, []);
        Assert.Equal(seconds < 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(seconds), r.Timeout);
    }

    [Fact]
    public void LoaderConfBadValuesAreDiagnosed()
    {
        var diags = new List<Diagnostic>();
        var c = LoaderConf.Parse("timeout soon\neditor maybe\ndefault @saved\n", "f", diags);
        Assert.Null(c.Timeout);
        Assert.Null(c.Editor);
        Assert.Null(c.Default);
        Assert.Equal([1, 2, 3], diags.Select(d => d.Line!.Value));
    }

    [Fact]
    public void UkiKeyInTypeOneEntryUsesTheImageSections()
    {
        var pe = UkiTestImage.Build(new() { [".linux"] = "KERNEL"u8.ToArray(), [".initrd"] = "INITRD"u8.ToArray(), [".cmdline"] = "from-uki"u8.ToArray() });
        var t = new InMemoryFileTree().AddFile("/fooos/bar.efi", pe.Bytes).AddFile("/loader/entries/u.conf", "title U\nuki /fooos/bar.efi\n");
        var e = Assert.Single(new BlsParser("x64").Parse(t, []).Entries);
        Assert.Equal(("/fooos/bar.efi", pe.Ranges[".linux"]), (e.Kernel!.Path, (e.Kernel.Offset, e.Kernel.Length!.Value)));
        Assert.Equal(pe.Ranges[".initrd"], (e.Initrds[0].Offset, e.Initrds[0].Length!.Value));
        Assert.Equal("from-uki", e.Cmdline);
        Assert.True(e.IsBootable);
    }
}
