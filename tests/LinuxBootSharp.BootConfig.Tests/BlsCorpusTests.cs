using LinuxBootSharp.BootConfig.Bls;
using LinuxBootSharp.Storage;
using LinuxBootSharp.Tests.Shared;

namespace LinuxBootSharp.BootConfig.Tests;

/// <summary>BLS corpus cases asserted in full, including the one where we deviate from u-root.</summary>
public class BlsCorpusTests
{
    private static string Case(string name) => Path.Combine(RepoPaths.Corpus, "u-root/pkg/boot/bls/testdata", name);

    [CorpusFact]
    public void MadeupCombinesOptionsAndResolvesFromTheRoot()
    {
        var t = new DirectoryFileTree(Case("madeup"));
        var r = new BlsParser("x64").Parse(t, []);
        var e = Assert.Single(r.Entries);
        Assert.Equal("root=UUID=6d3376e4-fc93-4509-95ec-a21d68011da2 earlyprintk=ttyS0", e.Cmdline);
        Assert.Equal("/fakefile", e.Kernel!.Path);
        Assert.Contains(e.Diagnostics, d => d.Message.Contains("linux fakefile: file not found") && d.Line == 8);
        // entry-2 has no linux key: skipped with a diagnostic naming it.
        Assert.Contains(r.Diagnostics, d => d.File!.EndsWith("entry-2.conf"));
    }

    [CorpusFact]
    public void Fedora32OrderDefaultAndFiles()
    {
        var t = new DirectoryFileTree(Case("fedora_32"));
        var r = new BlsParser("x64").Parse(t, []);
        Assert.Equal(["de8380606ce44a2dabad127eb049acbe-5.6.6-300.fc32.x86_64", "de8380606ce44a2dabad127eb049acbe-0-rescue"], r.Entries.Select(e => e.Id));
        // "default de8380606ce44a2dabad127eb049acbe-*" matches both: the first in menu order wins.
        Assert.True(r.Entries[0].IsDefault);
        Assert.False(r.Entries[1].IsDefault);
        Assert.Null(r.Timeout); // "#timeout 3" is a comment
        Assert.All(r.Entries, e => Assert.True(e.Kernel!.Exists()));
        Assert.All(r.Entries, e => Assert.Empty(e.Diagnostics));
    }

    [CorpusFact]
    public void TypeOneExampleKeysWithoutValuesAreDiagnosed()
    {
        var path = Path.Combine(Case("typeone"), "fedora.conf");
        var diags = new List<Diagnostic>();
        var e = BlsEntryFile.Parse(File.ReadAllText(path), "/loader/entries/fedora.conf", "typeone", diags);
        Assert.Equal(("Fedora 19 (Rawhide)", "fedora", "3.8.0-2.fc19.x86_64", "x64"), (e.Title, e.SortKey, e.Version, e.Architecture));
        Assert.Equal(["/6a9857a393724b7a981ebb5b8495b9ea/3.8.0-2.fc19.x86_64/somedata.cred"], e.Extras);
        Assert.Equal([11, 12], diags.Where(d => d.Message.Contains("no value")).Select(d => d.Line!.Value));
    }
}
