using LinuxBootSharp.BootConfig.Bls;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.BootConfig.Tests;

public class BlsEntryLoaderTests
{
    private static List<string> Ids(InMemoryFileTree t, List<Diagnostic>? diags = null) =>
        BlsEntryLoader.Load(t, "/loader/entries", diags ?? []).Select(e => e.FileName).ToList();

    [Fact]
    public void ParsesEveryKeyRawAndInOrder()
    {
        var t = new InMemoryFileTree().AddFile("/loader/entries/abc-6.1.0+3-1.conf", """
            # comment
            title   Fedora Linux 40
            version 6.1.0
            machine-id 6a9857a393724b7a981ebb5b8495b9ea
            sort-key fedora
            linux   /abc/6.1.0/linux
            initrd  /abc/6.1.0/microcode
            initrd  /abc/6.1.0/initrd
            options root=UUID=1 $kernelopts
            options	quiet
            devicetree /abc/6.1.0/board.dtb
            devicetree-overlay /a.dtbo /b.dtbo
            devicetree-overlay /c.dtbo
            architecture aa64
            extra /abc/x.cred
            """);
        var diags = new List<Diagnostic>();
        var e = Assert.Single(BlsEntryLoader.Load(t, "/loader/entries", diags));
        Assert.Equal("abc-6.1.0", e.FileName);
        Assert.Equal("/loader/entries/abc-6.1.0+3-1.conf", e.Path);
        Assert.Equal((3, 1), (e.TriesLeft!.Value, e.TriesDone!.Value));
        Assert.Equal("Fedora Linux 40", e.Title);
        Assert.Equal("6.1.0", e.Version);
        Assert.Equal("6a9857a393724b7a981ebb5b8495b9ea", e.MachineId);
        Assert.Equal("fedora", e.SortKey);
        Assert.Equal("/abc/6.1.0/linux", e.Linux);
        Assert.Equal(["/abc/6.1.0/microcode", "/abc/6.1.0/initrd"], e.Initrds);
        Assert.Equal(["root=UUID=1 $kernelopts", "quiet"], e.Options);
        Assert.Equal("root=UUID=1 $kernelopts quiet", e.JoinedOptions);
        Assert.Equal("/abc/6.1.0/board.dtb", e.Devicetree);
        Assert.Equal(["/a.dtbo", "/b.dtbo", "/c.dtbo"], e.DevicetreeOverlays);
        Assert.Equal("aa64", e.Architecture);
        Assert.Equal(["/abc/x.cred"], e.Extras);
        Assert.Equal(6, e.LineOf("linux"));
        Assert.Equal(8, e.LineOf("initrd"));
        Assert.Empty(diags);
    }

    [Fact]
    public void MissingDirectoryIsEmpty()
    {
        var diags = new List<Diagnostic>();
        Assert.Empty(BlsEntryLoader.Load(new InMemoryFileTree(), "/loader/entries", diags));
        Assert.Empty(diags);
    }

    [Fact]
    public void SkipsNonConfHiddenAndKernelLessEntries()
    {
        var t = new InMemoryFileTree()
            .AddFile("/loader/entries/a.conf", "linux /a")
            .AddFile("/loader/entries/B.CONF", "linux /b")
            .AddFile("/loader/entries/.hidden.conf", "linux /h")
            .AddFile("/loader/entries/notes.txt", "linux /n")
            .AddFile("/loader/entries/nolinux.conf", "title x\noptions y\n")
            .AddFile("/loader/entries/efi.conf", "efi /EFI/shell.efi");
        var diags = new List<Diagnostic>();
        // Decreasing version order of the ids: capitals sort lower than lower case ("B < a").
        Assert.Equal(["efi", "a", "B"], Ids(t, diags));
        var d = Assert.Single(diags);
        Assert.Contains("nolinux.conf", d.File);
    }

    [Fact]
    public void MalformedLinesGiveDiagnosticsWithLine()
    {
        var t = new InMemoryFileTree().AddFile("/loader/entries/x.conf", "linux /k\ntitle\nlinux /k2\nbogus-key 1\n");
        var diags = new List<Diagnostic>();
        var e = Assert.Single(BlsEntryLoader.Load(t, "/loader/entries", diags));
        Assert.Equal("/k2", e.Linux);
        Assert.Contains(diags, d => d.Line == 2 && d.Message.Contains("title"));
        Assert.Contains(diags, d => d.Line == 3 && d.Message.Contains("more than once"));
        Assert.Contains(diags, d => d.Line == 4 && d.Message.Contains("bogus-key"));
        Assert.All(diags, d => Assert.Equal("memory:/loader/entries/x.conf", d.File));
    }

    [Fact]
    public void HugeEntryIsRefusedNotRead()
    {
        var t = new InMemoryFileTree()
            .AddFile("/loader/entries/huge.conf", new byte[BlsEntryFile.MaxEntryBytes + 1])
            .AddFile("/loader/entries/ok.conf", "linux /k");
        var diags = new List<Diagnostic>();
        Assert.Equal(["ok"], Ids(t, diags));
        Assert.Contains(diags, d => d.File!.EndsWith("huge.conf") && d.Message.Contains("limit"));
    }

    [Fact]
    public void SortsByFileNameDecreasingVersionWithoutSortKey()
    {
        var t = new InMemoryFileTree()
            .AddFile("/loader/entries/m-5.9.0.conf", "linux /a")
            .AddFile("/loader/entries/m-5.10.0.conf", "linux /a")
            .AddFile("/loader/entries/m-0-rescue.conf", "linux /a");
        Assert.Equal(["m-5.10.0", "m-5.9.0", "m-0-rescue"], Ids(t));
    }

    [Fact]
    public void SortKeyMachineIdVersionThenFileName()
    {
        var t = new InMemoryFileTree()
            .AddFile("/loader/entries/z-nokey.conf", "linux /a")
            .AddFile("/loader/entries/a-debian.conf", "linux /a\nsort-key debian\nversion 9")
            .AddFile("/loader/entries/f-old.conf", "linux /a\nsort-key fedora\nmachine-id 11\nversion 6.1")
            .AddFile("/loader/entries/f-new.conf", "linux /a\nsort-key fedora\nmachine-id 11\nversion 6.10")
            .AddFile("/loader/entries/f-other.conf", "linux /a\nsort-key fedora\nmachine-id 22\nversion 9.0")
            .AddFile("/loader/entries/f-nomid.conf", "linux /a\nsort-key fedora\nversion 1");
        // debian < fedora; within fedora: no machine-id (empty compares lower), then 11 (6.10 before 6.1), then 22;
        // the entry without sort-key comes after every entry with one.
        Assert.Equal(["a-debian", "f-nomid", "f-new", "f-old", "f-other", "z-nokey"], Ids(t));
    }

    [Fact]
    public void BadEntriesLastAndCounterTieBreak()
    {
        var t = new InMemoryFileTree()
            .AddFile("/loader/entries/z-9+0-3.conf", "linux /a")
            .AddFile("/loader/entries/a-1.conf", "linux /a")
            .AddFile("/loader/entries/b-1+2.conf", "linux /a")
            .AddFile("/loader/entries/b-1+5-0.conf", "linux /a")
            .AddFile("/loader/entries/b-1.conf", "linux /a");
        var entries = BlsEntryLoader.Load(t, "/loader/entries", []);
        Assert.Equal(["b-1", "b-1", "b-1", "a-1", "z-9"], entries.Select(e => e.FileName));
        Assert.Equal([null, 5, 2, null, 0], entries.Select(e => e.TriesLeft));
        Assert.True(entries[^1].IsBad);
    }

    [Theory]
    [InlineData("name", "name", null, null)]
    [InlineData("name+3", "name", 3, 0)]
    [InlineData("name+0-12", "name", 0, 12)]
    [InlineData("a+b", "a+b", null, null)]
    [InlineData("name+3-", "name+3-", null, null)]
    [InlineData("x+1+2", "x+1", 2, 0)]
    [InlineData("x+99999999999999999999", "x", int.MaxValue, 0)]
    public void BootCounterSplit(string stem, string id, int? left, int? done) =>
        Assert.Equal((id, left, done), BootCounter.Split(stem));
}
