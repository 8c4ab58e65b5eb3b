using LinuxBootSharp.Storage;

namespace LinuxBootSharp.BootConfig.Grub;

/// <summary>
/// Runs a GRUB config with GRUB's semantics and lists its menu. The work is split along GRUB's
/// own seams, one type per command family, sharing one <see cref="GrubContext"/>:
/// <list type="bullet">
/// <item><see cref="GrubScriptEvaluator"/> and <see cref="GrubWordExpander"/>: statements,
/// functions, expansion, <c>source</c>/<c>configfile</c> (grub-core/script/execute.c, commands/configfile.c);</item>
/// <item><see cref="GrubScriptCommands"/>: <c>test</c>, <c>echo</c>, <c>regexp</c>, ...;</item>
/// <item><see cref="GrubEnvironmentCommands"/>: <c>set</c>, <c>export</c>, <c>load_env</c>/<c>save_env</c> (commands/loadenv.c);</item>
/// <item><see cref="GrubSearchCommands"/>: <c>search</c>, <c>probe</c> (commands/search.c, probe.c), over <see cref="GrubDevices"/>;</item>
/// <item><see cref="GrubMenuEntryCommand"/> and <see cref="GrubMenuBuilder"/>: <c>menuentry</c>/<c>submenu</c>,
/// <c>default</c>/<c>fallback</c>/<c>timeout</c> (commands/menuentry.c, normal/menu.c);</item>
/// <item><see cref="GrubLoaderCommands"/>: <c>linux</c>/<c>initrd</c>/<c>devicetree</c>/<c>chainloader</c> (loader/i386/linux.c);</item>
/// <item><see cref="GrubBlscfgCommand"/> (Fedora's commands/blscfg.c) and <see cref="GrubLoopbackCommand"/> (disk/loopback.c);</item>
/// <item><see cref="GrubIgnoredCommands"/>: screen, terminal and module commands we accept and ignore.</item>
/// </list>
/// Menu entries are only registered while the config runs; their bodies are evaluated
/// afterwards, one by one, from the final state of the config (what GRUB does when an entry is
/// chosen). Never throws for bad input: every problem becomes a diagnostic with file and line,
/// and every loop, recursion and file size is bounded by <see cref="GrubLimits"/>.
/// </summary>
public sealed class GrubInterpreter
{
    private readonly GrubContext _ctx;
    private readonly GrubScriptEvaluator _evaluator;
    private readonly GrubEnvironmentCommands _environment;
    private readonly GrubMenuBuilder _menuBuilder;

    /// <param name="loopbackOpener">Opens images for <c>loopback</c>; by default none can be opened.</param>
    public GrubInterpreter(IFileTree home, IReadOnlyList<IFileTree> volumes, ILoopbackOpener? loopbackOpener = null, GrubLimits? limits = null)
    {
        var all = volumes.Contains(home) ? volumes : [home, .. volumes];
        _ctx = new GrubContext(home, new GrubDevices(all), limits ?? GrubLimits.Default);
        var table = new GrubCommandTable();
        _evaluator = new GrubScriptEvaluator(_ctx, table);
        _environment = new GrubEnvironmentCommands(_ctx);
        _menuBuilder = new GrubMenuBuilder(_ctx, _evaluator);
        IGrubCommandFamily[] families =
        [
            _evaluator,
            new GrubScriptCommands(_ctx),
            _environment,
            new GrubSearchCommands(_ctx),
            new GrubMenuEntryCommand(_ctx),
            new GrubLoaderCommands(_ctx),
            new GrubBlscfgCommand(_ctx),
            new GrubLoopbackCommand(_ctx, loopbackOpener ?? UnavailableLoopbackOpener.Instance),
            new GrubIgnoredCommands(),
        ];
        foreach (var f in families)
            f.Register(table);
    }

    public GrubDevices Devices => _ctx.Devices;

    public GrubPath Resolve(string name) => _ctx.Resolve(name);

    /// <summary>
    /// Runs the config at <paramref name="configPath"/> on the home tree the way GRUB's normal mode
    /// starts (grub-core/normal/main.c): <c>root</c>, <c>prefix</c>, <c>config_directory</c>,
    /// <c>config_file</c> and the <c>feature_*</c> flags are set and exported first. When
    /// <paramref name="text"/> is given it is run instead of the file's contents.
    /// <paramref name="presetVariables"/> are set and exported after those, the way an outer
    /// config hands variables to a <c>configfile</c> (the Super GRUB Disk loopback.cfg convention
    /// exports <c>iso_path</c> before <c>configfile /boot/grub/loopback.cfg</c>).
    /// </summary>
    public GrubEvaluation Run(string configPath, string? text = null, IReadOnlyDictionary<string, string>? presetVariables = null)
    {
        var ctx = _ctx;
        var result = new ConfigParseResult();
        var dir = FileTree.GetDirectory(configPath);
        string dev = ctx.Devices.NameOf(ctx.Home);
        void SetExported(string name, string value)
        {
            ctx.Env.Set(name, value);
            ctx.Env.Export(name);
        }
        SetExported("root", dev);
        SetExported("prefix", $"({dev}){(dir == "/" ? "" : dir)}");
        SetExported("cmdpath", $"({dev}){(dir == "/" ? "" : dir)}");
        SetExported("config_directory", $"({dev}){(dir == "/" ? "" : dir)}");
        SetExported("config_file", $"({dev}){configPath}");
        // normal/main.c "features": advertised to grub-mkconfig scripts, all "y".
        foreach (var f in (string[])["feature_chainloader_bpb", "feature_ntldr", "feature_platform_search_hint", "feature_default_font_path",
                     "feature_all_video_module", "feature_menuentry_id", "feature_menuentry_options", "feature_200_final",
                     "feature_nativedisk_cmd", "feature_timeout_style"])
            SetExported(f, "y");
        // We stand in for a 64-bit EFI GRUB: configs choose linuxefi/EFI paths on "efi".
        SetExported("grub_cpu", "x86_64");
        SetExported("grub_platform", "efi");
        if (presetVariables is not null)
            foreach (var (name, value) in presetVariables)
                SetExported(name, value);

        try
        {
            var display = GrubContext.Display(ctx.Home, configPath);
            if (text is not null)
            {
                ctx.ConfigFiles.Add(display);
                _evaluator.RunText(text, display);
            }
            else
            {
                _evaluator.RunFile(new GrubPath(ctx.Home, configPath, null), "config");
            }
        }
        catch (GrubBudgetExceededException e)
        {
            ctx.Diagnostics.Add(new Diagnostic(Severity.Error, e.Message, e.File, e.Line));
        }

        var (menu, env) = ctx.Presented ?? (ctx.Menu, ctx.Env);
        _menuBuilder.Build(menu, env, result.Entries);
        SetMenuFacts(result, env);
        result.Diagnostics.AddRange(ctx.Diagnostics);
        result.ConfigFiles.AddRange(ctx.ConfigFiles.Distinct());
        if (_environment.ClearedOneShot() is { } cleared)
        {
            // 00_header: "if [ "${next_entry}" ]; then set default=...; set next_entry=; save_env next_entry".
            result.DefaultIsOneShot = true;
            result.Diagnostics.Add(new Diagnostic(Severity.Info,
                $"default is the one-shot next_entry '{cleared.Value}': GRUB would clear it in {cleared.Block}; the scan never writes, so it stays set", null, null));
        }
        return new GrubEvaluation
        {
            Result = result,
            SavedEnvironmentBlocks = _environment.ChangedBlocks(),
            Echoes = ctx.Echoes,
            Variables = new Dictionary<string, string>(ctx.Env.Variables, StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// What the menu needs besides the entries, from the variables GRUB's menu reads when it starts
    /// (normal/menu.c run_menu): the timeout, its style and the superusers (normal/auth.c).
    /// </summary>
    private void SetMenuFacts(ConfigParseResult result, GrubEnvironment env)
    {
        result.Timeout = GrubMenuFacts.ParseTimeout(env.Get("timeout"), out var problem);
        if (problem is not null)
            _ctx.Report(new Diagnostic(Severity.Warning, problem, null, null));
        result.TimeoutStyle = GrubMenuFacts.ParseTimeoutStyle(env.Get("timeout_style"), result.Timeout, out problem);
        if (problem is not null)
            _ctx.Report(new Diagnostic(Severity.Info, problem, null, null));
        if (env.Get("superusers") is string su)
            result.Superusers = GrubMenuFacts.SplitWords(su);
    }
}
