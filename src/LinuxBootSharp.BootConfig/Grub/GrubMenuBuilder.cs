namespace LinuxBootSharp.BootConfig.Grub;

/// <summary>
/// Turns the registered menu into boot entries the way GRUB's menu runs them
/// (grub-core/normal/menu.c): each entry body runs in a copy of the config's final environment
/// with <c>$1...</c> = its arguments and <c>chosen</c> = its title (grub_menu_execute_entry); a
/// submenu body runs in a new context that holds only the exported variables, and its entries
/// are listed after it with its title in <see cref="BootEntry.SubmenuPath"/>. <c>default</c>
/// picks the default entry by index, id, title or a <c>submenu&gt;entry</c> path,
/// <c>fallback</c> is marked, and <c>timeout</c> is read (grub_menu_get_timeout).
/// </summary>
internal sealed class GrubMenuBuilder(GrubContext ctx, IGrubScriptRunner runner)
{
    public void Build(GrubMenu menu, GrubEnvironment env, List<BootEntry> output)
    {
        var defaultPath = SplitDefault(env.Get("default")) ?? [];
        var fallbackPath = SplitDefault(env.Get("fallback"));
        BuildLevel(menu, env, [], defaultPath, fallbackPath, output, 0);
    }

    /// <summary>menu.c grub_menu_get_timeout: a number of seconds; negative means wait forever.</summary>
    public static TimeSpan? ParseTimeout(string? v)
    {
        if (string.IsNullOrEmpty(v))
            return null;
        if (!char.IsAsciiDigit(v.TrimStart()[0]) && v.TrimStart()[0] != '-')
            return null;
        long t = GrubTestExpression.StrToL(v);
        return t < 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(Math.Min(t, int.MaxValue));
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
    /// menu.c get_entry_number: a number is an index; otherwise the first entry whose title or
    /// id equals the text. A number must be the whole text (a hexadecimal-looking BLS id such as
    /// "6c06...-4.15" is an id, as Fedora's GRUB treats it). Anything unknown gives -1.
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

    /// <param name="defaultPath">The rest of the default path for this level: null when the
    /// default is not inside this menu, empty for "the first entry".</param>
    private void BuildLevel(GrubMenu menu, GrubEnvironment env, List<string> path, List<string>? defaultPath, List<string>? fallbackPath,
        List<BootEntry> output, int depth)
    {
        int def = -1;
        if (defaultPath is not null)
        {
            // menu.c: a default that names nothing (or is out of range) means the first entry.
            def = defaultPath.Count == 0 ? 0 : FindItem(menu, defaultPath[0]);
            if (def < 0)
                def = 0;
        }
        int fallback = fallbackPath is null ? -1 : FindItem(menu, fallbackPath[0]);
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
                List<string>? innerDefault = null;
                if (i == def)
                {
                    // Entering a submenu on the default path: the text after '>' is its default
                    // (menu.c), otherwise the submenu's own $default, otherwise its first entry.
                    innerDefault = defaultPath!.Count > 1 ? defaultPath.GetRange(1, defaultPath.Count - 1)
                        : SplitDefault(inner.Env.Get("default")) ?? [];
                }
                List<string>? innerFallback = i == fallback && fallbackPath is { Count: > 1 } ? fallbackPath.GetRange(1, fallbackPath.Count - 1) : null;
                BuildLevel(inner.Menu, inner.Env, innerPath, innerDefault, innerFallback, output, depth + 1);
                continue;
            }
            var entry = EvaluateEntry(item, env, path);
            if (i == def)
                entry.IsDefault = true;
            if (i == fallback)
                entry.IsFallback = true;
            output.Add(entry);
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
