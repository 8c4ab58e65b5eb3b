using System.Text;

namespace LinuxBootSharp.BootConfig.Grub;

/// <summary>
/// Word expansion as GRUB's script engine does it (grub-core/script/execute.c
/// grub_script_arglist_to_argv, grub-core/script/argv.c): variables, positional parameters,
/// field splitting of unquoted values and removal of backslash escapes. Every character
/// produced is counted against the evaluation's <see cref="GrubBudget"/>.
/// </summary>
internal sealed class GrubWordExpander(GrubContext ctx)
{
    /// <summary>
    /// grub_script_arglist_to_argv: each word becomes one argument, except that an unquoted
    /// variable is split on white space and an argument that stays empty because only unset or
    /// empty variables fed it disappears; a quoted "" is a real empty argument. Backslash escapes
    /// in unquoted text are removed (wildcard_unescape). Blocks are returned separately.
    /// </summary>
    public List<string> Expand(IReadOnlyList<GrubArgument> arguments, out GrubScript? block)
    {
        block = null;
        var result = new List<StringBuilder?>();
        int maxValue = ctx.Limits.MaxValueLength;
        void Next()
        {
            if (result.Count > 0 && result[^1] is null)
                return;
            result.Add(null);
        }
        void Append(string s)
        {
            ctx.Budget.Expanded(s.Length);
            var sb = result[^1] ??= new StringBuilder();
            if (sb.Length + s.Length > maxValue)
                s = s[..Math.Max(0, maxValue - sb.Length)];
            sb.Append(s);
        }
        void SplitAppend(string v)
        {
            int i = 0;
            while (i < v.Length && IsSpace(v[i]))
                i++;
            while (i < v.Length)
            {
                int s = i;
                while (i < v.Length && !IsSpace(v[i]))
                    i++;
                Append(v[s..i]);
                while (i < v.Length && IsSpace(v[i]))
                    i++;
                if (i < v.Length)
                    Next();
            }
        }
        foreach (var arg in arguments)
        {
            if (arg.Block is not null)
            {
                block = arg.Block;
                continue;
            }
            Next();
            foreach (var part in arg.Word!.Parts)
            {
                switch (part.Kind)
                {
                    case GrubWordPartKind.Text:
                        if (part.Text.Length > 0)
                            Append(Unescape(part.Text));
                        break;
                    case GrubWordPartKind.SingleQuoted or GrubWordPartKind.DoubleQuoted:
                        Append(part.Text);
                        break;
                    case GrubWordPartKind.Variable:
                        {
                            var values = VariableValues(part.Text, quoted: false);
                            for (int k = 0; k < values.Count; k++)
                            {
                                if (k > 0)
                                    Next();
                                SplitAppend(values[k]);
                            }
                            break;
                        }
                    case GrubWordPartKind.QuotedVariable:
                        {
                            var values = VariableValues(part.Text, quoted: true);
                            for (int k = 0; k < values.Count; k++)
                            {
                                if (k > 0)
                                    Next();
                                if (values[k].Length > 0)
                                    Append(values[k]);
                            }
                            break;
                        }
                }
            }
        }
        if (result.Count > 0 && result[^1] is null)
            result.RemoveAt(result.Count - 1);
        return result.Select(sb => sb!.ToString()).ToList();
    }

    /// <summary>The words of a <c>for</c> loop, expanded like a command's arguments.</summary>
    public List<string> Expand(IReadOnlyList<GrubWord> words) => Expand(words.Select(w => new GrubArgument(w, null)).ToList(), out _);

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v';

    /// <summary>wildcard_unescape: a backslash keeps the next character literally and is dropped.</summary>
    private static string Unescape(string s)
    {
        if (!s.Contains('\\'))
            return s;
        var sb = new StringBuilder(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\')
            {
                if (i + 1 < s.Length)
                    sb.Append(s[++i]);
                continue;
            }
            sb.Append(s[i]);
        }
        return sb.ToString();
    }

    /// <summary>grub_script_env_get: the pieces a variable reference contributes ($@ gives one per parameter).</summary>
    private List<string> VariableValues(string name, bool quoted)
    {
        var list = new List<string>(1);
        bool special = char.IsAsciiDigit(name[0]) || name is "#" or "*" or "@";
        if (!special)
        {
            var v = ctx.Env.Get(name);
            if (!string.IsNullOrEmpty(v))
                list.Add(v);
            return list;
        }
        var scope = ctx.Scope;
        if (scope is null)
            return list;
        switch (name)
        {
            case "#":
                list.Add(scope.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case "*":
                if (quoted)
                    list.Add(string.Join(' ', scope));
                else
                    list.AddRange(scope);
                break;
            case "@":
                list.AddRange(scope);
                break;
            default:
                {
                    ulong n = GrubTestExpression.StrToUL(name, 0);
                    if (n >= 1 && n <= (ulong)scope.Length)
                        list.Add(scope[(int)n - 1]);
                    break;
                }
        }
        return list;
    }

    /// <summary>Expands $name and ${name} in a plain string (BLS titles, as Fedora's blscfg does).</summary>
    public static string ExpandInText(string s, GrubEnvironment env)
    {
        var sb = new StringBuilder(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] != '$' || i + 1 >= s.Length)
            {
                sb.Append(s[i]);
                continue;
            }
            int j = i + 1;
            bool braced = s[j] == '{';
            if (braced)
                j++;
            int st = j;
            while (j < s.Length && (char.IsAsciiLetterOrDigit(s[j]) || s[j] == '_'))
                j++;
            if (j == st || (braced && (j >= s.Length || s[j] != '}')))
            {
                sb.Append(s[i]);
                continue;
            }
            sb.Append(env.Get(s[st..j]) ?? "");
            i = braced ? j : j - 1;
        }
        return sb.ToString();
    }
}
