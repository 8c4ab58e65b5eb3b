using LinuxBootSharp.Boot.Discovery;
using LinuxBootSharp.Boot.MenuHost;
using LinuxBootSharp.BootConfig;
using LinuxBootSharp.BootConfig.Bls;
using LinuxBootSharp.Menu;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.Boot.Tests;

/// <summary>The menu host maps BootEntry's typed facts onto menu items: what a user sees follows the configs.</summary>
public sealed class EntryMenuItemsTests
{
    /// <summary>
    /// An ESP whose loader.conf says "editor no" (loader.conf(5)): from disk to the menu, <c>e</c>
    /// is refused with the file and line, as systemd-boot refuses it.
    /// </summary>
    [Fact]
    public void LoaderConfEditorNoReachesTheMenu()
    {
        var esp = new InMemoryFileTree(new FileSystemIdentity { Type = "vfat", Device = "/dev/vda1" })
            .AddFile("/loader/loader.conf", "timeout 3\n# locked down\neditor no\n")
            .AddFile("/loader/entries/fedora.conf", "title Fedora\nlinux /vmlinuz\noptions root=/dev/vda2 ro\n")
            .AddFile("/vmlinuz", "kernel");
        var result = new DiscoveryResult();
        result.Entries.AddRange(new BlsParser("x64").Parse(esp, []).Entries);

        var item = Assert.Single(EntryMenuItems.Build(result));
        Assert.Equal("editing disabled by /dev/vda1:/loader/loader.conf line 3 (editor no)", item.EditDeniedReason);

        var machine = new MenuMachine(new MenuModel { Items = [item] });
        machine.Press(MenuKey.Character('e'));
        Assert.Equal(MenuView.List, machine.View);
        Assert.Equal("Editing disabled by /dev/vda1:/loader/loader.conf line 3 (editor no)", machine.Screen.Status);
    }

    [Fact]
    public void EditableEntryHasNoReason()
    {
        var tree = new InMemoryFileTree().AddFile("/vmlinuz", "k");
        var result = new DiscoveryResult();
        result.Entries.Add(new BootEntry { Title = "A", Source = "grub", SourceFile = "/dev/vda2:/grub/grub.cfg", Kernel = new FileRef(tree, "/vmlinuz") });
        Assert.Null(Assert.Single(EntryMenuItems.Build(result)).EditDeniedReason);
    }

    [Fact]
    public void HiddenEntriesAreLeftOutUnlessDefault()
    {
        var result = new DiscoveryResult();
        result.Entries.Add(new BootEntry { Title = "Shown", Source = "grub", SourceFile = "f" });
        result.Entries.Add(new BootEntry { Title = "Hidden", Source = "grub", SourceFile = "f", Hidden = true });
        result.Entries.Add(new BootEntry { Title = "Hidden default", Source = "grub", SourceFile = "f", Hidden = true, IsDefault = true });
        result.Entries.Add(new BootEntry { Title = "Hidden with hotkey", Source = "grub", SourceFile = "f", Hidden = true, Hotkey = MenuHotkey.Of('h') });
        var items = EntryMenuItems.Build(result);
        // Without a hotkey nothing reaches a hidden entry; with one it is an unlisted item (GRUB --hidden --hotkey).
        Assert.Equal(["Shown", "Hidden default", "Hidden with hotkey"], items.Select(i => i.Title));
        Assert.Equal([false, false, true], items.Select(i => i.Hidden));
    }

    [Fact]
    public void SubmenusStayWhereTheConfigPutsThem()
    {
        static BootEntry E(string title, params string[] path) => new() { Title = title, Source = "grub", SourceFile = "f", SubmenuPath = path };
        var result = new DiscoveryResult();
        result.Entries.AddRange([
            E("A"), E("A1", "S"), E("A2", "S", "T"), E("A3", "S"), E("B"), E("C1", "S"), E("D"),
        ]);
        var items = EntryMenuItems.Build(result);
        Assert.Equal(["A", "S", "B", "S", "D"], items.Select(i => i.Title));
        Assert.Equal(["A1", "T", "A3"], items[1].Children.Select(i => i.Title));
        Assert.Equal("A2", Assert.Single(items[1].Children[1].Children).Title);
        Assert.Equal("C1", Assert.Single(items[3].Children).Title);
        // Two submenus of one title are two items, each with its own id.
        Assert.NotEqual(items[1].Id, items[3].Id);
    }

    [Fact]
    public void DetailsShowBootCountingAndFallback()
    {
        var e = new BootEntry { Title = "X", Source = "bls", SourceFile = "f", Counting = new BootCounting(0, 3), IsFallback = true };
        var d = EntryMenuItems.Details(e);
        Assert.Contains("boot counting: bad, 0 tries left, 3 done", d);
        Assert.Contains("fallback: booted when the default fails", d);
    }
}
