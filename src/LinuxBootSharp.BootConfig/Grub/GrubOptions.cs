namespace LinuxBootSharp.BootConfig.Grub;

/// <summary>
/// Splits a command's arguments into options and positional arguments the way GRUB's extcmd
/// parser does (grub-core/lib/arg.c): "--name=value" or "--name value"; an option whose value is
/// optional takes the next word only when it does not look like an option; "--" ends options.
/// </summary>
public sealed class GrubOptions
{
    public enum ValueKind
    {
        None,
        Required,
        Optional,
    }

    public sealed record Spec(string Long, char Short, ValueKind Value);

    public List<string> Positional { get; } = [];
    public List<(string Name, string? Value)> Given { get; } = [];
    public string? Error { get; private set; }

    public bool Has(string name) => Given.Any(g => g.Name == name);

    public string? Value(string name) => Given.LastOrDefault(g => g.Name == name).Value;

    public IEnumerable<string> Values(string name) => Given.Where(g => g.Name == name && g.Value is not null).Select(g => g.Value!);

    public static GrubOptions Parse(IReadOnlyList<string> args, IReadOnlyList<Spec> specs)
    {
        var o = new GrubOptions();
        bool optionsEnded = false;
        for (int i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (optionsEnded || a.Length < 2 || a[0] != '-')
            {
                o.Positional.Add(a);
                continue;
            }
            if (a == "--")
            {
                optionsEnded = true;
                continue;
            }
            Spec? spec;
            string? value = null;
            bool hasValue = false;
            if (a.StartsWith("--", StringComparison.Ordinal))
            {
                int eq = a.IndexOf('=');
                var name = eq < 0 ? a[2..] : a[2..eq];
                if (eq >= 0)
                {
                    value = a[(eq + 1)..];
                    hasValue = true;
                }
                spec = specs.FirstOrDefault(s => s.Long == name);
                // Options GRUB knows but that do not matter here ("--hint-bios=...") share a prefix spec.
                spec ??= specs.FirstOrDefault(s => s.Long.EndsWith('*') && name.StartsWith(s.Long[..^1], StringComparison.Ordinal));
            }
            else
            {
                spec = specs.FirstOrDefault(s => s.Short == a[1]);
                if (spec is not null && a.Length > 2)
                {
                    value = a[2..];
                    hasValue = true;
                }
            }
            if (spec is null)
            {
                o.Error ??= $"unknown argument '{a}'";
                continue;
            }
            if (spec.Value == ValueKind.None)
            {
                o.Given.Add((spec.Long, null));
                continue;
            }
            if (!hasValue && i + 1 < args.Count)
            {
                var next = args[i + 1];
                if (spec.Value == ValueKind.Required || next.Length < 2 || next[0] != '-')
                {
                    value = next;
                    i++;
                }
            }
            if (value is null && spec.Value == ValueKind.Required)
            {
                o.Error ??= $"missing mandatory option for '{a}'";
                continue;
            }
            o.Given.Add((spec.Long, value));
        }
        return o;
    }
}
