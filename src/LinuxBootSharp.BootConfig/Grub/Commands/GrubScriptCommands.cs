namespace LinuxBootSharp.BootConfig.Grub;

/// <summary>
/// The small commands scripts test and branch on: <c>true</c>/<c>false</c>
/// (grub-core/commands/true.c), <c>test</c>/<c>[</c> (commands/test.c), <c>echo</c>
/// (commands/echo.c), <c>read</c> (commands/read.c), <c>keystatus</c> (commands/keystatus.c),
/// <c>regexp</c> (commands/regexp.c) and <c>loadfont</c> (font/font_cmd.c, whose status tells
/// grub-mkconfig's theme code whether a font file exists).
/// </summary>
internal sealed class GrubScriptCommands(GrubContext ctx) : IGrubCommandFamily
{
    public void Register(GrubCommandTable table)
    {
        table.Add("true", _ => 0);
        table.Add("false", _ => 1);
        table.Add(["[", "test"], CmdTest);
        table.Add("echo", c =>
        {
            if (ctx.Entry is null && ctx.Echoes.Count < GrubContext.MaxDiagnostics)
                ctx.Echoes.Add(c.Args.ToArray());
            return 0;
        });
        table.Add("loadfont", c =>
            c.Args.Count > 0 && c.Args.All(a => ctx.Resolve(a) is { IsResolved: true } p && p.Path.Length > 0 && ctx.TryStat(p.Tree!, p.Path) is not null) ? 0 : 1);
        // No key is held down while we evaluate.
        table.Add("keystatus", _ => 1);
        // Nobody types at the prompt: every variable read gets the empty line.
        table.Add("read", c =>
        {
            foreach (var a in c.Args)
                ctx.SetVariable(a, "", c.Line);
            return 0;
        });
        table.Add("regexp", CmdRegexp);
    }

    private int CmdTest(GrubCall c)
    {
        if (c.Name == "[" && (c.Args.Count == 0 || c.Args[^1] != "]"))
        {
            ctx.Diag(Severity.Error, "[: missing ']'", c.Line);
            return 1;
        }
        return GrubTestExpression.Evaluate(c.Args, ctx.Resolve, ctx.TryStat) ? 0 : 1;
    }

    /// <summary>grub-core/commands/regexp.c: POSIX extended match, optionally storing groups.</summary>
    private int CmdRegexp(GrubCall c)
    {
        var o = GrubOptions.Parse(c.Args, [new("set", 's', GrubOptions.ValueKind.Required)]);
        if (o.Positional.Count != 2)
        {
            ctx.Diag(Severity.Error, "regexp: two arguments expected", c.Line);
            return 1;
        }
        // POSIX ERE as gnulib's regcomp(REG_EXTENDED) (grub-core/commands/regexp.c); our own
        // engine, not System.Text.RegularExpressions, to keep ~0.3 MB out of the flash image.
        (int Start, int Length)[]? m;
        try
        {
            m = LinuxBootSharp.BootConfig.Text.PosixRegex.Compile(o.Positional[0]).Match(o.Positional[1]);
        }
        catch (LinuxBootSharp.BootConfig.Text.PosixRegexException e)
        {
            ctx.Diag(Severity.Error, $"regexp: {e.Message}", c.Line);
            return 1;
        }
        if (m is null)
            return 1;
        foreach (var set in o.Values("set"))
        {
            int colon = set.IndexOf(':');
            int group = colon > 0 ? (int)GrubTestExpression.StrToUL(set[..colon], 0) : 1;
            var varName = colon > 0 ? set[(colon + 1)..] : set;
            if (group >= 0 && group < m.Length)
                ctx.SetVariable(varName, m[group].Start < 0 ? "" : o.Positional[1].Substring(m[group].Start, m[group].Length), c.Line);
        }
        return 0;
    }
}
