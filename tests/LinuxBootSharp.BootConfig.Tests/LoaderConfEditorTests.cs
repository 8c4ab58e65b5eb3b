using LinuxBootSharp.BootConfig.Bls;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.BootConfig.Tests;

/// <summary>
/// loader.conf(5) "editor: Takes a boolean argument. Enable (the default) or disable the built-in
/// kernel command line editor." systemd-boot (src/boot/efi/boot.c) parses it with its own
/// parse_boolean (src/boot/efi/efi-string.c: exact lower-case words), ignores a bad value with a
/// logged error, and then refuses <c>e</c> on every entry of its menu.
/// </summary>
public class LoaderConfEditorTests
{
    private static InMemoryFileTree Esp(string loaderConf) => new InMemoryFileTree(new FileSystemIdentity { Type = "vfat", Device = "/dev/vda1" })
        .AddFile("/loader/loader.conf", loaderConf)
        .AddFile("/loader/entries/fedora-6.8.conf", "title Fedora 6.8\nversion 6.8\nlinux /vmlinuz-6.8\noptions root=/dev/vda2\n")
        .AddFile("/loader/entries/fedora-6.9+3.conf", "title Fedora 6.9\nversion 6.9\nlinux /vmlinuz-6.9\noptions root=/dev/vda2\n")
        .AddFile("/vmlinuz-6.8", "k")
        .AddFile("/vmlinuz-6.9", "k");

    [Theory]
    [InlineData("no")]
    [InlineData("0")]
    [InlineData("false")]
    [InlineData("n")]
    [InlineData("f")]
    [InlineData("off")]
    public void EditorOffDeniesEditingOfEveryEntryNamingFileAndLine(string value)
    {
        var r = new BlsParser("x64").Parse(Esp($"# systemd-boot\ntimeout 3\neditor {value}\n"), []);
        Assert.Equal(2, r.Entries.Count);
        foreach (var e in r.Entries)
        {
            Assert.Equal(new EditDenial("/dev/vda1:/loader/loader.conf", 3, $"editor {value}"), e.EditDenied);
            Assert.Equal($"editing disabled by /dev/vda1:/loader/loader.conf line 3 (editor {value})", e.EditDenied!.Reason);
        }
        Assert.DoesNotContain(r.Diagnostics, d => d.Severity != Severity.Info);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("1")]
    [InlineData("true")]
    [InlineData("on")]
    public void EditorOnAllowsEditing(string value)
    {
        var r = new BlsParser("x64").Parse(Esp($"editor {value}\n"), []);
        Assert.All(r.Entries, e => Assert.Null(e.EditDenied));
    }

    [Fact]
    public void WithoutEditorLineEditingIsAllowed()
    {
        var r = new BlsParser("x64").Parse(Esp("timeout 3\n"), []);
        Assert.All(r.Entries, e => Assert.Null(e.EditDenied));
    }

    /// <summary>The last valid line wins: "editor no" then "editor yes" allows editing, and the reverse denies it from the later line.</summary>
    [Fact]
    public void LastValidEditorLineWins()
    {
        Assert.All(new BlsParser("x64").Parse(Esp("editor no\neditor yes\n"), []).Entries, e => Assert.Null(e.EditDenied));
        Assert.All(new BlsParser("x64").Parse(Esp("editor yes\neditor no\n"), []).Entries, e => Assert.Equal(2, e.EditDenied!.Line));
    }

    [Theory]
    [InlineData("maybe")]
    [InlineData("NO")] // parse_boolean in systemd-boot is case-sensitive
    [InlineData("disabled")]
    public void BadValueIsDiagnosedWithFileAndLineAndLeavesEditingOn(string value)
    {
        var r = new BlsParser("x64").Parse(Esp($"timeout 3\neditor {value}\n"), []);
        var d = Assert.Single(r.Diagnostics, d => d.Severity == Severity.Warning);
        Assert.Equal(("/dev/vda1:/loader/loader.conf", 2), (d.File, d.Line));
        Assert.Contains($"editor '{value}' is not a boolean", d.Message, StringComparison.Ordinal);
        Assert.Contains("editing stays enabled", d.Message, StringComparison.Ordinal);
        Assert.All(r.Entries, e => Assert.Null(e.EditDenied));
    }

    /// <summary>A bad value after "editor no" is ignored: editing stays disabled by the earlier line, as in systemd-boot.</summary>
    [Fact]
    public void BadValueAfterEditorNoKeepsTheDenial()
    {
        var r = new BlsParser("x64").Parse(Esp("editor no\neditor maybe\n"), []);
        Assert.Contains(r.Diagnostics, d => d.Line == 2 && d.Message.Contains("editing stays disabled", StringComparison.Ordinal));
        Assert.All(r.Entries, e => Assert.Equal(new EditDenial("/dev/vda1:/loader/loader.conf", 1, "editor no"), e.EditDenied));
    }

    /// <summary>Entries under /boot/loader/entries (ESP mounted at /boot on the root file system) follow /boot/loader/loader.conf.</summary>
    [Fact]
    public void BootLoaderConfGovernsBootEntries()
    {
        var t = new InMemoryFileTree(new FileSystemIdentity { Type = "ext4", Device = "/dev/vda2" })
            .AddFile("/boot/loader/loader.conf", "editor off\n")
            .AddFile("/boot/loader/entries/a.conf", "linux /vmlinuz\n")
            .AddFile("/boot/vmlinuz", "k");
        var e = Assert.Single(new BlsParser("x64").Parse(t, []).Entries);
        Assert.Equal("editing disabled by /dev/vda2:/boot/loader/loader.conf line 1 (editor off)", e.EditDenied!.Reason);
    }
}
