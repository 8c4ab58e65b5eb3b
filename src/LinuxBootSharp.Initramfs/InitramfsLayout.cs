namespace LinuxBootSharp.Initramfs;

/// <summary>
/// What goes into the image besides the builder's inputs, read from a layout folder (the repo's
/// <c>initramfs/</c>, format in its README.md):
/// <list type="number">
/// <item><c>base/</c>: a tree copied as is (plain files 0644, or 0755 when executable in the checkout; folders 0755)</item>
/// <item><c>base.list</c>: gen_init_cpio lines (<see cref="LayoutList"/>): directories, device nodes, symlinks, modes, placeholders</item>
/// <item><c>boards/NAME/</c>: the board's tree overlay</item>
/// <item><c>boards/NAME.list</c>: the board's list overlay</item>
/// </list>
/// Later layers override earlier ones by image path; within a layer the list overrides the tree
/// (that is how a tree file gets another mode). A tree folder never overrides a folder defined
/// before it (folders merge). Nothing can be removed: an overlay can only add or replace, and
/// every replacement of a base member by a board member is listed in <see cref="Overrides"/>
/// (and so in the size report), so a board never changes the base silently.
/// </summary>
public sealed class InitramfsLayout
{
    public const string BaseTree = "base";
    public const string BaseList = "base.list";
    public const string BoardsFolder = "boards";
    public const string ListSuffix = ".list";

    private InitramfsLayout(string root, string? board, bool hasOverlay, IReadOnlyList<LayoutItem> items, IReadOnlyList<LayoutOverride> overrides)
    {
        Root = root;
        Board = board;
        HasBoardOverlay = hasOverlay;
        Items = items;
        Overrides = overrides;
    }

    public string Root { get; }

    public string? Board { get; }

    /// <summary>True when boards/NAME/ or boards/NAME.list exists for <see cref="Board"/>.</summary>
    public bool HasBoardOverlay { get; }

    /// <summary>The merged members, sorted by image path (ordinal).</summary>
    public IReadOnlyList<LayoutItem> Items { get; }

    /// <summary>Base members a board overlay replaced.</summary>
    public IReadOnlyList<LayoutOverride> Overrides { get; }

    /// <summary>Regular files taken from the layout folder (not placeholders).</summary>
    public IEnumerable<LayoutItem> DataFiles => Items.Where(i => i.Kind == LayoutKind.File && !i.IsPlaceholder);

    /// <summary>Bytes of the layout's own files (for the size report).</summary>
    public long DataBytes => DataFiles.Sum(i => new FileInfo(i.Location!).Length);

    public LayoutItem? Find(string placeholder) => Items.FirstOrDefault(i => i.IsPlaceholder && i.Location == placeholder);

    /// <summary>Board names that have an overlay (boards/NAME/ or boards/NAME.list), sorted.</summary>
    public static IReadOnlyList<string> OverlayNames(string root)
    {
        var dir = Path.Combine(root, BoardsFolder);
        if (!Directory.Exists(dir))
            return [];
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var d in Directory.EnumerateDirectories(dir))
            names.Add(Path.GetFileName(d));
        foreach (var f in Directory.EnumerateFiles(dir))
        {
            if (!f.EndsWith(ListSuffix, StringComparison.Ordinal))
                throw new LayoutFormatException(f, 0, $"only NAME/ folders and NAME{ListSuffix} lists belong in {BoardsFolder}/");
            names.Add(Path.GetFileName(f)[..^ListSuffix.Length]);
        }
        return names.ToList();
    }

    /// <param name="root">The layout folder.</param>
    /// <param name="board">The board whose overlay is merged on top of base, or null for base alone.</param>
    public static InitramfsLayout Load(string root, string? board)
    {
        root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var baseList = Path.Combine(root, BaseList);
        if (!File.Exists(baseList))
            throw new LayoutFormatException(baseList, 0, "the layout's base list is missing (is this a layout folder?)");
        var merged = new Dictionary<string, (LayoutItem Item, int Layer)>(StringComparer.Ordinal);
        var overrides = new List<LayoutOverride>();
        AddLayer(merged, overrides, 0, root, Path.Combine(root, BaseTree), baseList);
        bool hasOverlay = false;
        if (board is not null)
        {
            var tree = Path.Combine(root, BoardsFolder, board);
            var list = Path.Combine(root, BoardsFolder, board + ListSuffix);
            hasOverlay = Directory.Exists(tree) || File.Exists(list);
            AddLayer(merged, overrides, 1, root, tree, list);
        }
        var items = merged.Values.Select(v => v.Item).OrderBy(i => i.Path, StringComparer.Ordinal).ToList();
        Validate(items, Rel(root, baseList));
        return new InitramfsLayout(root, board, hasOverlay, items, overrides);
    }

    private static void AddLayer(Dictionary<string, (LayoutItem Item, int Layer)> merged, List<LayoutOverride> overrides, int layer, string root, string tree, string list)
    {
        if (Directory.Exists(tree))
            foreach (var item in ReadTree(root, tree))
            {
                if (item.Kind == LayoutKind.Directory && merged.TryGetValue(item.Path, out var had) && had.Item.IsContainer)
                    continue;
                Put(merged, overrides, layer, item);
            }
        if (File.Exists(list))
        {
            var items = LayoutList.Parse(File.ReadAllText(list), Rel(root, list), Path.GetDirectoryName(list)!, root);
            foreach (var item in items)
                Put(merged, overrides, layer, item);
        }
    }

    private static void Put(Dictionary<string, (LayoutItem Item, int Layer)> merged, List<LayoutOverride> overrides, int layer, LayoutItem item)
    {
        if (merged.TryGetValue(item.Path, out var had) && had.Layer < layer)
            overrides.Add(new LayoutOverride(item.Path, had.Item.Where, item.Where));
        merged[item.Path] = (item, layer);
    }

    /// <summary>Plain files and folders of a tree, sorted; anything else (symlinks, devices) must be in a list,
    /// because git does not keep them faithfully on every checkout.</summary>
    private static IEnumerable<LayoutItem> ReadTree(string root, string tree)
    {
        var entries = Directory.EnumerateFileSystemEntries(tree, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        foreach (var full in entries)
        {
            var rel = Path.GetRelativePath(tree, full).Replace('\\', '/');
            var info = new FileInfo(full);
            var where = Rel(root, full);
            if (info.LinkTarget is not null)
                throw new LayoutFormatException(where, 0, "a symlink in a layout tree: describe it with an slink line in the list instead");
            if (info.Attributes.HasFlag(FileAttributes.Directory))
            {
                yield return new LayoutItem(LayoutKind.Directory, rel, 0x1ED, 0, 0, where, 0);
                continue;
            }
            if (!info.Exists)
                throw new LayoutFormatException(where, 0, "not a regular file or folder: describe devices, fifos and sockets in the list");
            const UnixFileMode anyExec = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            uint mode = (File.GetUnixFileMode(full) & anyExec) != 0 ? 0x1EDu /* 0755 */ : 0x1A4u /* 0644 */;
            yield return new LayoutItem(LayoutKind.File, rel, mode, 0, 0, where, 0, Location: full);
        }
    }

    private static void Validate(List<LayoutItem> items, string baseList)
    {
        var byPath = items.ToDictionary(i => i.Path, StringComparer.Ordinal);
        foreach (var i in items)
        {
            // Every ancestor that the layout defines must be able to hold members; ancestors it does not
            // define are implied as 0755 folders by the builder.
            for (int slash = i.Path.LastIndexOf('/'); slash > 0; slash = i.Path.LastIndexOf('/', slash - 1))
                if (byPath.TryGetValue(i.Path[..slash], out var parent) && !parent.IsContainer)
                    throw new LayoutFormatException(i.Source, i.Line, $"/{i.Path} lies below /{parent.Path}, which {parent.Where} defines as a {parent.Kind.ToString().ToLowerInvariant()}");
        }
        foreach (var group in items.Where(i => i.IsPlaceholder).GroupBy(i => i.Location))
            if (group.Count() > 1)
                throw new LayoutFormatException(group.ElementAt(1).Source, group.ElementAt(1).Line, $"{group.Key} is placed twice: at /{group.First().Path} ({group.First().Where}) and /{group.ElementAt(1).Path}");
        if (!items.Any(i => i.IsPlaceholder && i.Location == Placeholders.Lbs))
            throw new LayoutFormatException(baseList, 0, $"no member takes {Placeholders.Lbs} (the lbs binary): the image would have no init");
    }

    private static string Rel(string root, string path) => Path.GetRelativePath(Path.GetDirectoryName(root) ?? root, path).Replace('\\', '/');
}

/// <summary>A base member <see cref="Path"/> defined at <see cref="Base"/> that the board overlay replaced with <see cref="Board"/>.</summary>
public sealed record LayoutOverride(string Path, string Base, string Board);
