namespace LinuxBootSharp.BootConfig.Grub;

/// <summary>One command as the evaluator calls it: its name, expanded arguments, block and line.</summary>
internal readonly record struct GrubCall(string Name, List<string> Args, GrubScript? Block, int Line);

/// <summary>Runs one command; returns its exit status (0 = success), which becomes <c>$?</c>.</summary>
internal delegate int GrubCommandHandler(GrubCall call);

/// <summary>A set of GRUB commands that registers its names in the evaluator's table.</summary>
internal interface IGrubCommandFamily
{
    void Register(GrubCommandTable table);
}

/// <summary>
/// GRUB's command registry (grub-core/kern/command.c): every built-in command name maps to the
/// family that implements it. A name registered twice is a programming error, caught at once.
/// </summary>
internal sealed class GrubCommandTable
{
    private readonly Dictionary<string, GrubCommandHandler> _commands = new(StringComparer.Ordinal);

    public void Add(string name, GrubCommandHandler handler) => _commands.Add(name, handler);

    public void Add(IEnumerable<string> names, GrubCommandHandler handler)
    {
        foreach (var n in names)
            _commands.Add(n, handler);
    }

    public bool TryGet(string name, out GrubCommandHandler handler) => _commands.TryGetValue(name, out handler!);
}
