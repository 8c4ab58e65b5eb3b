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
    /// <summary>
    /// The menu in <paramref name="result"/>'s order. A config's submenu stays one submenu where the
    /// config puts it: consecutive entries of one config that share submenu titles share the submenu;
    /// the same title in another config (another disk's Debian) or after the submenu was left is
    /// another submenu, as GRUB shows it.
    /// </summary>
    public static IReadOnlyList<MenuItem> Build(DiscoveryResult result)
    {
        var root = new Node(null);
        // The submenus the previous entry was in, outermost first, and the config it came from.
        var open = new List<Node>();
        ConfigParseResult? openConfig = null;
        foreach (var e in result.Entries)
        {
            // GRUB --hidden / syslinux MENU HIDE: listed only when it is what the countdown boots;
            // otherwise a hidden item that only its hotkey reaches (GRUB), or left out (no hotkey).
            if (e.Hidden && !e.IsDefault && e.Hotkey is null)
                continue;
            var config = result.ParseOf(e);
            if (!ReferenceEquals(config, openConfig))
                open.Clear();
            openConfig = config;
            int common = 0;
            while (common < open.Count && common < e.SubmenuPath.Count && open[common].Title == e.SubmenuPath[common])
                common++;
            open.RemoveRange(common, open.Count - common);
            var node = common > 0 ? open[common - 1] : root;
            for (int k = common; k < e.SubmenuPath.Count; k++)
            {
                var sub = new Node(e.SubmenuPath[k], node.Path + e.SubmenuPath[k] + ">", e.SourceFile);
                node.Children.Add(sub);
                open.Add(sub);
                node = sub;
            }
            node.Children.Add(e);
        }
        return root.ToItems(result);
    }

    /// <summary>Stable across rescans: the same entry on the same device keeps its id.</summary>
    public static string IdOf(BootEntry e) =>
        $"{e.Source}|{e.SourceFile}|{string.Join('>', e.SubmenuPath)}|{e.Id ?? e.Title}";

    public static IReadOnlyList<string> Details(BootEntry e, ConfigParseResult? from = null)
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
        if (e.FallbackRank is int rank)
            d.Add($"fallback: #{(rank + 1).ToString(CultureInfo.InvariantCulture)} tried when the default booted by the countdown fails to load");
        else if (e.IsFallback)
            d.Add("fallback: booted when the default fails");
        if (e.Hidden)
            d.Add(e.Hotkey is null ? "hidden: not listed unless it is the default" : "hidden: not listed unless it is the default; its hotkey boots it");
        if (e.Hotkey is MenuHotkey key)
            d.Add($"hotkey: {key} (boots it at once from its menu level)");
        if (from?.Superusers is { } su)
        {
            string who = e.Unrestricted ? "anyone (--unrestricted)"
                : e.Users is { Count: > 0 } users ? $"superusers and {string.Join(", ", users)}" : "superusers only";
            d.Add($"GRUB password rules: superusers {(su.Count > 0 ? string.Join(", ", su) : "(empty)")}; may boot: {who} (lbs asks no password)");
        }
        else if (e.Users is not null || e.Unrestricted)
        {
            d.Add($"GRUB users: {(e.Unrestricted ? "unrestricted" : string.Join(", ", e.Users!))} (no superusers set: no password asked)");
        }
        if (e.IsDefault && from?.DefaultIsOneShot == true)
            d.Add("one-shot default (next_entry): GRUB would clear it; lbs does not write");
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

    public static MenuItem ToItem(BootEntry e, ConfigParseResult? from = null) => new()
    {
        Id = IdOf(e),
        Title = e.Title,
        Enabled = e.IsBootable,
        DisabledReason = e.NotBootableReason,
        IsDefault = e.IsDefault,
        Cmdline = e.IsBootable ? e.Cmdline : null,
        EditDeniedReason = e.EditDenied?.Reason,
        Details = Details(e, from),
        Hotkey = e.Hotkey is MenuHotkey h ? KeyOf(h) : null,
        Hidden = e.Hidden && !e.IsDefault,
        Tag = e,
    };

    /// <summary>GRUB's hotkey as the menu's key: the character (case-sensitive), or the named key.</summary>
    public static MenuKey KeyOf(MenuHotkey h) => h.Key switch
    {
        MenuHotkeyKey.Character => MenuKey.Character(h.Character),
        MenuHotkeyKey.Backspace => MenuKey.Backspace,
        MenuHotkeyKey.Tab => MenuKey.Tab,
        MenuHotkeyKey.Delete => MenuKey.Delete,
        MenuHotkeyKey.Insert => MenuKey.Insert,
        var f => MenuKey.Function(f - MenuHotkeyKey.F1 + 1),
    };

    private sealed class Node(string? title, string path = "", string firstFile = "")
    {
        public string? Title { get; } = title;

        /// <summary>Titles from the top to this one, each followed by '>'; empty at the top level.</summary>
        public string Path { get; } = path;

        /// <summary>The config file of the submenu's first entry: with <see cref="Path"/>, an id that survives rescans.</summary>
        public string FirstFile { get; } = firstFile;

        /// <summary>Entries and submenus in the order the config lists them.</summary>
        public List<object> Children { get; } = [];

        public IReadOnlyList<MenuItem> ToItems(DiscoveryResult result)
        {
            var items = new List<MenuItem>();
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var child in Children)
            {
                if (child is BootEntry e)
                {
                    items.Add(ToItem(e, result.ParseOf(e)));
                    continue;
                }
                var c = (Node)child;
                var children = c.ToItems(result);
                // Stable across rescans, and unique even when a title repeats (two disks' Debian).
                string id = $"submenu|{c.FirstFile}|{c.Path}";
                int n = seen.TryGetValue(id, out var before) ? before + 1 : 0;
                seen[id] = n;
                items.Add(new MenuItem
                {
                    Id = n == 0 ? id : $"{id}#{n.ToString(CultureInfo.InvariantCulture)}",
                    Title = c.Title!,
                    Children = children,
                    // Not marked default itself: the menu would then boot the submenu's first
                    // entry; the default child inside is found by the countdown's depth-first search.
                    Details = [$"submenu with {children.Count} entries"],
                    // Only hidden entries inside: nothing to list (their hotkeys work only inside it, as in GRUB).
                    Hidden = children.All(i => i.Hidden),
                });
            }
            return items;
        }
    }
}
