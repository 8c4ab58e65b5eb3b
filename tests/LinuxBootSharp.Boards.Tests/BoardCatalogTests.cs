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

    /// <summary>
    /// DMI rules are fnmatch(3) globs matched with FNM_CASEFOLD (the shared src/Shared/Glob.cs),
    /// against the trimmed DMI value: a profile written "standard pc*" fits "Standard PC (...)".
    /// </summary>
    [Theory]
    [InlineData("Standard PC*", "Standard PC (i440FX + PIIX, 1996)", true)]
    [InlineData("standard pc*", "Standard PC (i440FX + PIIX, 1996)", true)]
    [InlineData("standard pc*", "  Standard PC (Q35 + ICH9, 2009)  ", true)]
    [InlineData("X11S?L-F", "X11SPL-F", true)]
    [InlineData("X11S?L-F", "X11SPLL-F", false)]
    [InlineData("*", "", true)]
    [InlineData("QEMU", "QEMU2", false)]
    // Brackets, which the old '*'/'?'-only matcher took literally.
    [InlineData("X1[01]SPL-F", "X11SPL-F", true)]
    [InlineData("X1[01]SPL-F", "X12SPL-F", false)]
    [InlineData("x1[!2]spl-f", "X11SPL-F", true)]
    [InlineData("ThinkPad T4[6-9]?s*", "ThinkPad T480s Gen 1", true)]
    [InlineData("thinkpad t4[6-9]?S*", "ThinkPad T450s", false)]
    [InlineData("[a-z]emu", "QEMU", true)]
    // A literal '[' or '*' in a vendor string is written escaped.
    [InlineData("Board \\[rev A\\]", "Board [rev A]", true)]
    [InlineData("Board \\[rev A\\]", "Board r", false)]
    [InlineData("Vendor\\*", "VENDOR*", true)]
    [InlineData("Vendor\\*", "Vendor Inc", false)]
    public void DmiRulesMatchAsCaseFoldedGlobs(string pattern, string dmiValue, bool expected)
    {
        // The rule as a boards/*.json file spells it: JSON doubles each backslash.
        var json = $"{{\"name\":\"test-board\",\"match\":{{\"product_name\":\"{pattern.Replace("\\", "\\\\")}\"}}}}";
        var profile = BoardCatalog.Parse(json, "test-board.json");
        var picked = BoardCatalog.Select(new Dictionary<string, string> { ["product_name"] = dmiValue }, [profile, BoardCatalog.Generic]);
        Assert.Equal(expected ? "test-board" : BoardCatalog.GenericName, picked.Name);
    }

    [Fact]
    public void SharedGlobFoldsOnlyWhenAsked()
    {
        Assert.True(Glob.IsMatch("standard pc*", "Standard PC", GlobFlags.CaseFold));
        Assert.False(Glob.IsMatch("standard pc*", "Standard PC", GlobFlags.None));
        Assert.False(Glob.IsMatch("standard pc*", "Standard PC"));
    }

    /// <summary>A hostile match rule finishes within (pattern + 1) × (text + 1) steps, not exponentially many.</summary>
    [Fact]
    public void HostileDmiRuleIsBoundedBySteps()
    {
        const string pattern = "*A*a*A*a*A*a*A*a*A*a*b";
        var text = new string('a', 120);
        Assert.False(Glob.IsMatch(pattern, text, GlobFlags.CaseFold, out long steps));
        Assert.InRange(steps, 1, (long)(pattern.Length + 1) * (text.Length + 1));
    }

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
