namespace LinuxBootSharp.Menu;

/// <summary>Searches over the item tree: which entry the countdown boots, and finding items again after a rescan.</summary>
internal static class MenuTree
{
    /// <summary>
    /// The path (top-level item first) to the entry the countdown boots: the first item marked default,
    /// depth first; a submenu marked default stands for its first entry, as GRUB's <c>default=N</c>
    /// naming a submenu boots that submenu's first entry. Without any mark, the first enabled
    /// top-level entry.
    /// </summary>
    public static List<MenuItem>? DefaultPath(IReadOnlyList<MenuItem> items)
    {
        foreach (var item in items)
            if (MarkedPath(item) is { } path) return path;
        return items.FirstOrDefault(i => i.Enabled && !i.IsSubmenu) is { } first ? [first] : null;
    }

    /// <summary>Index of the child of <paramref name="submenu"/> on the way to its default, or -1.</summary>
    public static int DefaultChild(MenuItem submenu)
    {
        for (int i = 0; i < submenu.Children.Count; i++)
            if (MarkedPath(submenu.Children[i]) is not null) return i;
        return -1;
    }

    public static MenuItem? FindById(IReadOnlyList<MenuItem> items, string id)
    {
        foreach (var item in items)
        {
            if (item.Id == id) return item;
            if (item.IsSubmenu && FindById(item.Children, id) is { } found) return found;
        }
        return null;
    }

    private static List<MenuItem>? MarkedPath(MenuItem item)
    {
        if (!item.IsSubmenu) return item.IsDefault ? [item] : null;
        foreach (var child in item.Children)
            if (MarkedPath(child) is { } path)
            {
                path.Insert(0, item);
                return path;
            }
        if (!item.IsDefault) return null;
        var first = new List<MenuItem> { item };
        for (MenuItem at = item; at.IsSubmenu; at = at.Children[0]) first.Add(at.Children[0]);
        return first;
    }
}
