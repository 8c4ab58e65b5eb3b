namespace LinuxBootSharp.BootConfig.Grub;

/// <summary>
/// Turns the registered menu into boot entries the way GRUB's menu runs them
/// (grub-core/normal/menu.c): each entry body runs in a copy of the config's final environment
/// with <c>$1...</c> = its arguments and <c>chosen</c> = its title (grub_menu_execute_entry); a
/// submenu body runs in a new context that holds only the exported variables, and its entries
/// are listed after it with its title in <see cref="BootEntry.SubmenuPath"/>.
/// <para><c>default</c> (run_menu, get_entry_number): a number, else the first entry whose title or
/// id equals the text up to an unescaped '&gt;' (menuentry_eq, "&gt;&gt;" is a literal '&gt;'); a
/// default that names nothing or is out of range is the first entry. Entering a submenu, GRUB sets
/// the new context's <c>default</c> to the text after the first '&gt;' before the body runs
/// (grub_menu_execute_entry), so "a&gt;b" picks b inside a, and a body's own <c>set default</c>
/// wins. The default is the entry the timeout would boot: nested submenus are followed to it.</para>
/// <para><c>fallback</c> (grub_menu_execute_with_fallback, get_and_remove_first_entry_number): a
/// space-separated list tried in order; each item is resolved like <c>default</c> and gets its
/// <see cref="BootEntry.FallbackRank"/>; the list ends at the first item that names nothing.</para>
/// </summary>
internal sealed class GrubMenuBuilder(GrubContext ctx, IGrubScriptRunner runner)
{
    private readonly Dictionary<BootEntry, int> _ranks = [];
    private readonly HashSet<int> _resolvedRanks = [];

    public void Build(GrubMenu menu, GrubEnvironment env, List<BootEntry> output)
    {
        _ranks.Clear();
        _resolvedRanks.Clear();
        var fallbacks = new List<(List<string> Path, int Rank, string Text)>();
        if (env.Get("fallback") is string fb)
        {
            int rank = 0;
            foreach (var item in SplitList(fb))
            {
                var p = SplitDefault(item)!;
                if (p.Count > 1)
                {
                    ctx.Report(new Diagnostic(Severity.Info,
                        $"fallback '{item}' is a submenu path: resolved to the entry it names; GRUB itself tries fallbacks in the top-level menu only (upstream reads the number before '>' and ends the list, Fedora's drops the list)",
                        null, null));
                }
                fallbacks.Add((p, rank++, item));
            }
        }
        BuildLevel(menu, env, [], [], onDefaultPath: true, fallbacks, output, 0);
        // The list ends at the first item that resolves to nothing (menu.c unsets "fallback"):
        // ranks after a gap are dropped.
        int firstGap = 0;
        while (_resolvedRanks.Contains(firstGap))
            firstGap++;
        if (firstGap < fallbacks.Count)
        {
            var (_, _, text) = fallbacks[firstGap];
            ctx.Report(new Diagnostic(Severity.Warning,
                $"fallback '{text}' names no entry: GRUB stops the fallback list there (menu.c get_and_remove_first_entry_number)", null, null));
        }
        foreach (var (entry, rank) in _ranks)
        {
            if (rank >= firstGap)
                continue;
            entry.FallbackRank = rank;
            entry.IsFallback = true;
        }
    }

    /// <summary>menu.c grub_menu_get_timeout; see <see cref="GrubMenuFacts.ParseTimeout"/>.</summary>
    public static TimeSpan? ParseTimeout(string? v) => GrubMenuFacts.ParseTimeout(v, out _);

    /// <summary>The words of a fallback list, split at GRUB white space (menu.c skips grub_isspace).</summary>
    private static List<string> SplitList(string v)
    {
        var items = new List<string>();
        int start = -1;
        for (int i = 0; i <= v.Length; i++)
        {
            if (i == v.Length || GrubMenuFacts.IsSpace(v[i]))
            {
                if (start >= 0)
                    items.Add(v[start..i]);
                start = -1;
            }
            else if (start < 0)
            {
                start = i;
            }
        }
        return items;
    }

    /// <summary>Splits "a>b>c" on '>' (menu.c menuentry_eq: "&gt;&gt;" stands for a literal '&gt;').</summary>
    private static List<string>? SplitDefault(string? spec)
    {
        if (string.IsNullOrEmpty(spec))
            return null;
        var parts = new List<string>();
        var cur = new System.Text.StringBuilder();
        for (int i = 0; i < spec.Length; i++)
        {
            if (spec[i] == '>')
            {
                if (i + 1 < spec.Length && spec[i + 1] == '>')
                {
                    cur.Append('>');
                    i++;
                    continue;
                }
                parts.Add(cur.ToString());
                cur.Clear();
                continue;
            }
            cur.Append(spec[i]);
        }
        parts.Add(cur.ToString());
        return parts;
    }

    /// <summary>
    /// The text after the first unescaped '&gt;', as grub_menu_execute_entry computes the default
    /// of a submenu it enters; null when there is none or it is empty.
    /// </summary>
    private static string? RestAfterFirst(string? spec)
    {
        if (spec is null)
            return null;
        for (int i = 0; i < spec.Length; i++)
        {
            if (spec[i] != '>')
                continue;
            if (i + 1 < spec.Length && spec[i + 1] == '>')
            {
                i++;
                continue;
            }
            return i + 1 < spec.Length ? spec[(i + 1)..] : null;
        }
        return null;
    }

    /// <summary>
    /// menu.c get_entry_number: a number is an index; otherwise the first entry whose title or
    /// id equals the text. A number must be the whole text (a hexadecimal-looking BLS id such as
    /// "6c06...-4.15" is an id, as Fedora's GRUB treats it; upstream's grub_strtoul would take
    /// its leading digits). Numbers are read as grub_strtoul reads them: "010" is 8, "0x1" is 1.
    /// Anything unknown or out of range gives -1.
    /// </summary>
    private static int FindItem(GrubMenu menu, string spec)
    {
        var s = spec.Trim();
        if (s.Length > 0 && IsWholeNumber(s))
        {
            ulong n = GrubTestExpression.StrToUL(s, 0);
            return n < (ulong)menu.Items.Count ? (int)n : -1;
        }
        for (int i = 0; i < menu.Items.Count; i++)
            if (menu.Items[i].Title == spec || menu.Items[i].Id == spec)
                return i;
        return -1;
    }

    private static bool IsWholeNumber(string s)
    {
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return s.Length > 2 && s.AsSpan(2).ContainsAnyExcept("0123456789abcdefABCDEF") == false;
        return s.All(char.IsAsciiDigit);
    }

    /// <summary>run_menu: the default of one menu level, from that level's <c>default</c>; the first entry when it names nothing.</summary>
    private int DefaultIndex(GrubMenu menu, GrubEnvironment env, List<string> path)
    {
        var spec = env.Get("default");
        var parts = SplitDefault(spec);
        if (parts is null || menu.Items.Count == 0)
            return 0;
        int i = FindItem(menu, parts[0]);
        if (i >= 0)
            return i;
        string where = path.Count == 0 ? "" : $" in submenu '{string.Join(">", path)}'";
        string hint = spec == "saved"
            ? "; 'saved' is grub-mkconfig's GRUB_DEFAULT keyword (grub.cfg says default=\"${saved_entry}\"), grub.cfg itself has no such keyword"
            : "";
        ctx.Report(new Diagnostic(Severity.Warning,
            $"default '{parts[0]}'{where} names no entry: GRUB boots the first entry (menu.c run_menu){hint}", null, null));
        return 0;
    }

    /// <param name="onDefaultPath">Whether this level is the one the timeout boots into (the top
    /// level, or a submenu the default leads to).</param>
    /// <param name="fallbacks">The fallback items whose path leads into this level, with the rest of their path.</param>
    private void BuildLevel(GrubMenu menu, GrubEnvironment env, List<string> path, List<GrubMenuItem> submenus, bool onDefaultPath,
        List<(List<string> Path, int Rank, string Text)> fallbacks, List<BootEntry> output, int depth)
    {
        int? levelDefault = null;
        int LevelDefault() => levelDefault ??= DefaultIndex(menu, env, path);
        int def = onDefaultPath ? LevelDefault() : -1;
        // Where each fallback item points at this level: an index, and the rest of its path.
        var targets = new List<(int Index, List<string> Tail, int Rank, string Text)>();
        foreach (var (p, rank, text) in fallbacks)
        {
            int i = p.Count == 0 ? LevelDefault() : FindItem(menu, p[0]);
            if (i >= 0)
                targets.Add((i, p.Count > 1 ? p.GetRange(1, p.Count - 1) : [], rank, text));
        }
        for (int i = 0; i < menu.Items.Count; i++)
        {
            var item = menu.Items[i];
            if (output.Count >= GrubMenu.MaxItems)
            {
                // Submenus multiply: the whole listing is bounded too.
                ctx.Report(new Diagnostic(Severity.Error, $"more than {GrubMenu.MaxItems} entries in all; the rest are not listed", item.File, item.Line));
                return;
            }
            if (item.IsSubmenu)
            {
                if (depth >= ctx.Limits.MaxSubmenuDepth)
                {
                    ctx.Diagnostics.Add(new Diagnostic(Severity.Error, $"submenu '{item.Title}': nested deeper than {ctx.Limits.MaxSubmenuDepth}", item.File, item.Line));
                    continue;
                }
                var inner = EvaluateSubmenu(item, env);
                var innerPath = new List<string>(path) { item.Title };
                // A fallback naming the submenu itself boots the submenu's default (GRUB runs the
                // submenu with timeout 0): an empty rest stands for that.
                var innerFallbacks = targets.Where(t => t.Index == i).Select(t => (t.Tail, t.Rank, t.Text)).ToList();
                BuildLevel(inner.Menu, inner.Env, innerPath, [.. submenus, item], onDefaultPath && i == def, innerFallbacks, output, depth + 1);
                continue;
            }
            var entry = EvaluateEntry(item, env, path);
            ApplySubmenuRestrictions(entry, submenus);
            if (i == def)
                entry.IsDefault = true;
            foreach (var t in targets)
            {
                if (t.Index != i)
                    continue;
                if (t.Tail.Count > 0)
                {
                    // menuentry_eq compares up to the '>': "a>b" names entry a, which has no inside.
                    ctx.Report(new Diagnostic(Severity.Info,
                        $"fallback '{t.Text}': '{item.Title}' is not a submenu; the rest of the path is ignored", null, null));
                }
                _resolvedRanks.Add(t.Rank);
                if (!_ranks.TryGetValue(entry, out int have) || t.Rank < have)
                    _ranks[entry] = t.Rank;
            }
            output.Add(entry);
        }
    }

    /// <summary>
    /// grub_menu_execute_entry checks a submenu's own restriction before it opens it, so an entry
    /// inside is reached only by a user who passes every level: with one authenticated user
    /// (normal/auth.c is_authenticated), the superusers or a user every restricted level names.
    /// The entry's <see cref="BootEntry.Users"/>/<see cref="BootEntry.Unrestricted"/> become that.
    /// </summary>
    private static void ApplySubmenuRestrictions(BootEntry entry, List<GrubMenuItem> submenus)
    {
        foreach (var sm in submenus)
        {
            if (sm.Unrestricted && sm.Users is null)
                continue;
            var users = sm.Users is null ? [] : GrubMenuFacts.SplitWords(sm.Users);
            if (entry.Unrestricted)
            {
                entry.Unrestricted = false;
                entry.Users = users;
            }
            else
            {
                entry.Users = (entry.Users ?? []).Intersect(users, StringComparer.Ordinal).ToList();
            }
        }
    }

    private (GrubMenu Menu, GrubEnvironment Env) EvaluateSubmenu(GrubMenuItem item, GrubEnvironment parentEnv)
    {
        var saveEnv = ctx.Env;
        var saveMenu = ctx.Menu;
        var saveScope = ctx.Scope;
        var saveFile = ctx.File;
        var phase = ctx.Budget.BeginPhase(ctx.Limits.MaxEntrySteps);
        ctx.Env = parentEnv.NewContext();
        // grub_menu_execute_entry: the submenu's default is what follows the first '>' of the
        // current default, set before the body runs (a body's own "set default" wins). Without
        // one, upstream GRUB unsets it in the new context; Fedora's keeps an exported default.
        if (RestAfterFirst(parentEnv.Get("default")) is string rest)
            ctx.Env.Set("default", rest);
        else
            ctx.Env.Unset("default");
        ctx.Menu = new GrubMenu();
        ctx.Scope = item.Arguments.ToArray();
        ctx.File = item.File;
        try
        {
            runner.Execute(item.Body);
            return (ctx.Menu, ctx.Env);
        }
        catch (GrubBudgetExceededException e)
        {
            ctx.Report(new Diagnostic(Severity.Error, $"submenu '{item.Title}': {e.Message}", e.File, e.Line));
            return (ctx.Menu, ctx.Env);
        }
        finally
        {
            ctx.Env = saveEnv;
            ctx.Menu = saveMenu;
            ctx.Scope = saveScope;
            ctx.File = saveFile;
            ctx.Budget.EndPhase(phase);
            runner.ResetControlFlow();
        }
    }

    private BootEntry EvaluateEntry(GrubMenuItem item, GrubEnvironment env, List<string> path)
    {
        var state = new GrubEntryState();
        if (ctx.Budget.IsSpent)
        {
            state.Diagnostics.Add(new Diagnostic(Severity.Error, "not evaluated: the entries before it used up the evaluation budget", item.File, item.Line));
            return GrubEntryConversion.ToBootEntry(item, path, state);
        }
        var saveEnv = ctx.Env;
        var saveScope = ctx.Scope;
        var saveFile = ctx.File;
        var saveMenu = ctx.Menu;
        var phase = ctx.Budget.BeginPhase(ctx.Limits.MaxEntrySteps);
        ctx.Env = env.Clone();
        ctx.Env.Set("chosen", item.Title);
        ctx.Scope = item.Arguments.ToArray();
        ctx.File = item.File;
        ctx.Entry = state;
        ctx.Menu = new GrubMenu();
        try
        {
            runner.Execute(item.Body);
        }
        catch (GrubBudgetExceededException ex)
        {
            state.Diagnostics.Add(new Diagnostic(Severity.Error, ex.Message, ex.File, ex.Line));
        }
        finally
        {
            ctx.Env = saveEnv;
            ctx.Scope = saveScope;
            ctx.File = saveFile;
            ctx.Menu = saveMenu;
            ctx.Entry = null;
            ctx.Budget.EndPhase(phase);
            runner.ResetControlFlow();
        }
        return GrubEntryConversion.ToBootEntry(item, path, state);
    }
}
