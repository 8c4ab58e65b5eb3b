using System.Globalization;
using LinuxBootSharp.Boot.Discovery;
using LinuxBootSharp.BootConfig;
using LinuxBootSharp.Menu;

namespace LinuxBootSharp.Boot.MenuHost;

/// <summary>
/// Maps discovered entries onto the menu's own item model (the Menu project knows nothing of
/// boot configs): GRUB submenus become nested items, details carry everything a person debugging
/// a boot needs (device, file system, files with sizes, final cmdline, source, diagnostics).
/// </summary>
public static class EntryMenuItems
{
    public static IReadOnlyList<MenuItem> Build(DiscoveryResult result)
    {
        var root = new Node(null);
        int n = 0;
        foreach (var e in result.Entries)
        {
            // GRUB --hidden / syslinux MENU HIDE: not listed, unless it is what the countdown boots.
            if (e.Hidden && !e.IsDefault)
                continue;
            var node = root;
            foreach (var sub in e.SubmenuPath)
                node = node.Child(sub, e);
            node.Items.Add((e, n++));
        }
        return root.ToItems();
    }

    /// <summary>Stable across rescans: the same entry on the same device keeps its id.</summary>
    public static string IdOf(BootEntry e) =>
        $"{e.Source}|{e.SourceFile}|{string.Join('>', e.SubmenuPath)}|{e.Id ?? e.Title}";

    public static IReadOnlyList<string> Details(BootEntry e)
    {
        var d = new List<string>();
        var fs = e.Kernel?.Tree.Identity;
        if (fs is not null)
        {
            d.Add($"device: {fs.Device}{(fs.GrubDevice is string g ? $" ({g})" : "")}");
            d.Add($"file system: {fs.Type}{(fs.Label is { Length: > 0 } l ? $" label={l}" : "")}{(fs.Uuid is string u ? $" uuid={u}" : "")}");
        }
        if (e.Kernel is not null)
            d.Add($"kernel: {e.Kernel.Path}{SizeOf(e.Kernel)}");
        foreach (var i in e.Initrds)
            d.Add($"initrd: {(i.Tree == e.Kernel?.Tree ? i.Path : i.Display)}{SizeOf(i)}");
        if (e.DeviceTree is not null)
            d.Add($"devicetree: {e.DeviceTree.Display}");
        d.Add($"cmdline: {e.Cmdline}");
        if (e.Version is not null)
            d.Add($"version: {e.Version}");
        d.Add($"source: {e.Source} {e.SourceFile}{(e.SourceLine > 0 ? ":" + e.SourceLine.ToString(CultureInfo.InvariantCulture) : "")}");
        if (e.Counting is BootCounting c)
            d.Add($"boot counting: {c.State}, {c.TriesLeft.ToString(CultureInfo.InvariantCulture)} tries left, {c.TriesDone.ToString(CultureInfo.InvariantCulture)} done");
        if (e.IsFallback)
            d.Add("fallback: booted when the default fails");
        if (e.Hidden)
            d.Add("hidden: not listed unless it is the default");
        foreach (var kv in e.Properties)
            d.Add($"{kv.Key}: {kv.Value}");
        foreach (var diag in e.Diagnostics)
            d.Add(diag.ToString());
        return d;
    }

    private static string SizeOf(FileRef r)
    {
        try
        {
            return r.Size() is long s ? $" ({s.ToString("N0", CultureInfo.InvariantCulture)} bytes)" : " (missing)";
        }
        catch (LinuxBootSharp.Storage.StorageException)
        {
            return " (unreadable)";
        }
    }

    public static MenuItem ToItem(BootEntry e) => new()
    {
        Id = IdOf(e),
        Title = e.Title,
        Enabled = e.IsBootable,
        DisabledReason = e.NotBootableReason,
        IsDefault = e.IsDefault,
        Cmdline = e.IsBootable ? e.Cmdline : null,
        EditDeniedReason = e.EditDenied?.Reason,
        Details = Details(e),
        Tag = e,
    };

    private sealed class Node(string? title)
    {
        public string? Title { get; } = title;
        public List<(BootEntry Entry, int Order)> Items { get; } = [];
        public List<(Node Node, int Order)> Children { get; } = [];
        public Node Child(string title, BootEntry first)
        {
            _ = first;
            foreach (var (c, _) in Children)
                if (c.Title == title)
                    return c;
            var node = new Node(title);
            Children.Add((node, 0));
            return node;
        }

        public IReadOnlyList<MenuItem> ToItems()
        {
            // Keep the order in which entries and submenus first appeared.
            var all = new List<(int Pos, MenuItem Item)>();
            foreach (var (e, order) in Items)
                all.Add((order * 2, ToItem(e)));
            foreach (var (c, _) in Children)
            {
                var children = c.ToItems();
                int first = c.FirstOrder();
                all.Add((first * 2 + 1, new MenuItem
                {
                    Id = "submenu|" + c.Title,
                    Title = c.Title!,
                    Children = children,
                    // Not marked default itself: the menu would then boot the submenu's first
                    // entry; the default child inside is found by the countdown's depth-first search.
                    Details = [$"submenu with {children.Count} entries"],
                }));
            }
            return all.OrderBy(a => a.Pos).Select(a => a.Item).ToList();
        }

        private int FirstOrder() =>
            Math.Min(Items.Count > 0 ? Items.Min(i => i.Order) : int.MaxValue, Children.Count > 0 ? Children.Min(c => c.Node.FirstOrder()) : int.MaxValue);
    }
}
