namespace LinuxBootSharp.BootConfig.Grub;

/// <summary>
/// GRUB's variables for one context (grub-core/kern/env.c, grub-core/normal/context.c). A new
/// context (submenu, configfile) starts with copies of the exported variables only, which is
/// why grub-mkconfig exports <c>menuentry_id_option</c>. Functions are not part of it: they
/// are global (grub-core/script/function.c).
/// </summary>
public sealed class GrubEnvironment
{
    private readonly Dictionary<string, string> _vars;
    private readonly HashSet<string> _exported;

    public GrubEnvironment()
    {
        _vars = new(StringComparer.Ordinal);
        _exported = new(StringComparer.Ordinal);
    }

    private GrubEnvironment(Dictionary<string, string> vars, HashSet<string> exported)
    {
        _vars = vars;
        _exported = exported;
    }

    public IReadOnlyDictionary<string, string> Variables => _vars;

    public string? Get(string name) => _vars.TryGetValue(name, out var v) ? v : null;

    public void Set(string name, string value) => _vars[name] = value;

    public void Unset(string name)
    {
        _vars.Remove(name);
        _exported.Remove(name);
    }

    public void Export(string name)
    {
        _exported.Add(name);
        // grub_env_export creates the variable empty when it does not exist yet.
        _vars.TryAdd(name, "");
    }

    public bool IsExported(string name) => _exported.Contains(name);

    /// <summary>A full copy: each menu entry is evaluated from the same final state of the config.</summary>
    public GrubEnvironment Clone() => new(new(_vars, StringComparer.Ordinal), new(_exported, StringComparer.Ordinal));

    /// <summary>grub_env_context_open: only exported variables are carried into the new context.</summary>
    public GrubEnvironment NewContext()
    {
        var vars = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in _exported)
            if (_vars.TryGetValue(name, out var v))
                vars[name] = v;
        return new GrubEnvironment(vars, new HashSet<string>(_exported, StringComparer.Ordinal));
    }
}
