using LinuxBootSharp.Boards;

namespace LinuxBootSharp.Boards.Tests;

public sealed class BoardCatalogTests
{
    [Fact]
    public void EveryProfileInBoardsFolderIsCompiledIn()
    {
        var files = Directory.GetFiles(Path.Combine(LinuxBootSharp.Tests.Shared.RepoPaths.Root, "boards"), "*.json").Select(f => Path.GetFileNameWithoutExtension(f)).Order();
        Assert.Equal(files, BoardCatalog.All.Select(b => b.Name).Order());
    }

    [Fact]
    public void QemuIsPickedFromItsDmi()
    {
        var dmi = new Dictionary<string, string> { ["sys_vendor"] = "QEMU", ["product_name"] = "Standard PC (Q35 + ICH9, 2009)" };
        var b = BoardCatalog.Select(dmi);
        Assert.Equal("qemu-x86_64", b.Name);
        Assert.Contains("virtio_blk", b.Modules);
        Assert.Contains("ttyS0,115200", b.Consoles);
    }

    [Fact]
    public void UnknownHardwareGetsGeneric()
    {
        var dmi = new Dictionary<string, string> { ["sys_vendor"] = "Supermicro", ["product_name"] = "X11SPL-F" };
        Assert.Equal("generic", BoardCatalog.Select(dmi).Name);
        Assert.Equal("generic", BoardCatalog.Select(new Dictionary<string, string>()).Name);
    }

    [Theory]
    [InlineData("Standard PC*", "Standard PC (i440FX + PIIX, 1996)", true)]
    [InlineData("standard pc*", "Standard PC (i440FX + PIIX, 1996)", true)]
    [InlineData("X11S?L-F", "X11SPL-F", true)]
    [InlineData("X11S?L-F", "X11SPLL-F", false)]
    [InlineData("*", "", true)]
    [InlineData("QEMU", "QEMU2", false)]
    public void GlobMatches(string pattern, string text, bool expected) => Assert.Equal(expected, Glob.IsMatch(pattern, text));

    [Fact]
    public void UnknownPropertyIsAnErrorNamingFileAndProperty()
    {
        var e = Assert.Throws<InvalidDataException>(() => BoardCatalog.Parse("{\"name\":\"x\",\"modulez\":[]}", "boards/x.json"));
        Assert.Contains("boards/x.json", e.Message);
        Assert.Contains("modulez", e.Message);
    }

    [Fact]
    public void BadJsonNamesTheLine()
    {
        var e = Assert.Throws<InvalidDataException>(() => BoardCatalog.Parse("{\n\"name\": \"x\",\n\"modules\": [1]\n}", "b.json"));
        Assert.Contains("b.json", e.Message);
        Assert.Contains("modules", e.Message);
        var e2 = Assert.Throws<InvalidDataException>(() => BoardCatalog.Parse("{\n\"name\": \"x\",\n\"modules\": [\n", "c.json"));
        Assert.Contains("c.json", e2.Message);
    }

    [Fact]
    public void QuirkKindsAreChecked()
    {
        var e = Assert.Throws<InvalidDataException>(() => BoardCatalog.Parse("{\"name\":\"x\",\"quirks\":[{\"kind\":\"format-disk\",\"target\":\"sda\"}]}", "q.json"));
        Assert.Contains("format-disk", e.Message);
        var ok = BoardCatalog.Parse("{\"name\":\"x\",\"quirks\":[{\"kind\":\"remove-module\",\"target\":\"mlx5_core\",\"reason\":\"hangs kexec\"}],\"menu\":{\"timeout_seconds\":5}}", "ok.json");
        Assert.Equal("mlx5_core", ok.Quirks[0].Target);
        Assert.Equal(5, ok.Menu.TimeoutSeconds);
    }

    [Fact]
    public void MissingNameIsAnError()
    {
        var e = Assert.Throws<InvalidDataException>(() => BoardCatalog.Parse("{\"modules\":[]}", "n.json"));
        Assert.Contains("name", e.Message);
    }
}
