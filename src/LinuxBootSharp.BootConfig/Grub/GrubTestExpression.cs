using System.Globalization;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.BootConfig.Grub;

/// <summary>
/// The <c>test</c> / <c>[ ... ]</c> command as grub-core/commands/test.c evaluates it: a left to
/// right scan where three-word forms (<c>= == != &lt; &lt;= &gt; &gt;= -eq -ne -lt -le -gt -ge
/// -pgt -plt -nt -ot</c>) are tried first, then two-word forms (<c>-d -e -f -s -n -z</c>), then
/// <c>( ) ! -a -o</c>; any other word is true when non-empty. Note GRUB's quirk that an empty
/// expression (<c>[ $unset ]</c>) is true.
/// </summary>
public sealed class GrubTestExpression
{
    private readonly IReadOnlyList<string> _args;
    private readonly Func<string, GrubPath> _resolve;
    private readonly Func<IFileTree, string, FileStat?> _stat;
    private int _depth;

    private GrubTestExpression(IReadOnlyList<string> args, Func<string, GrubPath> resolve, Func<IFileTree, string, FileStat?> stat)
    {
        _args = args;
        _resolve = resolve;
        _stat = stat;
    }

    /// <summary>Evaluates <paramref name="args"/> (a trailing "]" is dropped, as grub_cmd_test does).
    /// <paramref name="stat"/> looks files up for <c>-e/-f/-d/-s</c> (the evaluation's, which reports read errors).</summary>
    public static bool Evaluate(IReadOnlyList<string> args, Func<string, GrubPath> resolve, Func<IFileTree, string, FileStat?> stat)
    {
        int argc = args.Count;
        if (argc >= 1 && args[argc - 1] == "]")
            argc--;
        var t = new GrubTestExpression(args.Take(argc).ToArray(), resolve, stat);
        int argn = 0;
        return t.Parse(ref argn);
    }

    private struct Ctx
    {
        public bool And, Or, Invert;

        public void Update(bool v)
        {
            And = And && (Invert ? !v : v);
            Invert = false;
        }
    }

    private bool Parse(ref int argn)
    {
        var ctx = new Ctx { And = true };
        int argc = _args.Count;
        if (++_depth > 64)
            return false;
        while (argn < argc)
        {
            var a = _args[argn];
            if (argn + 2 < argc)
            {
                var op = _args[argn + 1];
                var b = _args[argn + 2];
                bool? r = op switch
                {
                    "=" or "==" => string.CompareOrdinal(a, b) == 0,
                    "!=" => string.CompareOrdinal(a, b) != 0,
                    "<" => string.CompareOrdinal(a, b) < 0,
                    "<=" => string.CompareOrdinal(a, b) <= 0,
                    ">" => string.CompareOrdinal(a, b) > 0,
                    ">=" => string.CompareOrdinal(a, b) >= 0,
                    "-eq" => StrToL(a) == StrToL(b),
                    "-ne" => StrToL(a) != StrToL(b),
                    "-lt" => StrToL(a) < StrToL(b),
                    "-le" => StrToL(a) <= StrToL(b),
                    "-gt" => StrToL(a) > StrToL(b),
                    "-ge" => StrToL(a) >= StrToL(b),
                    "-pgt" or "-plt" => PrefixCompare(a, b, op == "-pgt"),
                    _ when op.StartsWith("-nt", StringComparison.Ordinal) || op.StartsWith("-ot", StringComparison.Ordinal) => TimeCompare(a, b, op),
                    _ => null,
                };
                if (r is bool rv)
                {
                    ctx.Update(rv);
                    argn += 3;
                    continue;
                }
            }
            if (argn + 1 < argc)
            {
                var b = _args[argn + 1];
                bool? r = a switch
                {
                    "-d" => Info(b) is { } i && i.IsDirectory,
                    "-e" => Info(b) is not null,
                    "-f" => Info(b) is { } i && !i.IsDirectory,
                    "-s" => NonEmptyFile(b),
                    "-n" => b.Length > 0,
                    "-z" => b.Length == 0,
                    _ => null,
                };
                if (r is bool rv)
                {
                    ctx.Update(rv);
                    argn += 2;
                    continue;
                }
            }
            switch (a)
            {
                case ")":
                    argn++;
                    _depth--;
                    return ctx.Or || ctx.And;
                case "(":
                    argn++;
                    ctx.Update(Parse(ref argn));
                    continue;
                case "!":
                    ctx.Invert = !ctx.Invert;
                    argn++;
                    continue;
                case "-a":
                    argn++;
                    continue;
                case "-o":
                    ctx.Or = ctx.Or || ctx.And;
                    ctx.And = true;
                    argn++;
                    continue;
            }
            ctx.Update(a.Length > 0);
            argn++;
        }
        _depth--;
        return ctx.Or || ctx.And;
    }

    /// <summary>grub_strtosl(s, 0, 0): optional sign, 0x hex, leading-0 octal, stops at the first non-digit.</summary>
    public static long StrToL(string s)
    {
        int i = 0;
        while (i < s.Length && char.IsWhiteSpace(s[i]))
            i++;
        bool neg = false;
        if (i < s.Length && (s[i] == '-' || s[i] == '+'))
        {
            neg = s[i] == '-';
            i++;
        }
        return neg ? -(long)StrToUL(s, i) : (long)StrToUL(s, i);
    }

    /// <summary>grub_strtoul with base 0 from <paramref name="start"/>; saturates instead of overflowing.</summary>
    public static ulong StrToUL(string s, int start)
    {
        int i = start;
        int radix = 10;
        if (i + 1 < s.Length && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X'))
        {
            radix = 16;
            i += 2;
        }
        else if (i < s.Length && s[i] == '0')
        {
            radix = 8;
        }
        ulong v = 0;
        for (; i < s.Length; i++)
        {
            int d = HexValue(s[i]);
            if (d < 0 || d >= radix)
                break;
            v = v > (ulong.MaxValue - (ulong)d) / (ulong)radix ? ulong.MaxValue : v * (ulong)radix + (ulong)d;
        }
        return v;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    private static bool PrefixCompare(string a, string b, bool greater)
    {
        int i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
            i++;
        i--;
        while (i > 0 && i < a.Length && char.IsAsciiDigit(a[i]))
            i--;
        i++;
        i = Math.Max(0, i);
        ulong x = i <= a.Length ? StrToUL(a, i) : 0;
        ulong y = i <= b.Length ? StrToUL(b, i) : 0;
        return greater ? x > y : x < y;
    }

    private bool TimeCompare(string a, string b, string op)
    {
        var ia = Info(a);
        var ib = Info(b);
        long bias = op.Length > 3 ? StrToL(op[3..]) : 0;
        bool newer = op.StartsWith("-nt", StringComparison.Ordinal);
        if (newer && ia is not null && ib is null)
            return true;
        if (!newer && ia is null && ib is not null)
            return true;
        if (ia?.Modified is DateTimeOffset ma && ib?.Modified is DateTimeOffset mb)
        {
            long ta = ma.ToUnixTimeSeconds() + bias, tb = mb.ToUnixTimeSeconds();
            return newer ? ta > tb : ta < tb;
        }
        return false;
    }

    private sealed record FileInfo(bool IsDirectory, DateTimeOffset? Modified);

    /// <summary>test.c get_fileinfo: the device must exist; an empty path is the whole device,
    /// which counts as a directory; trailing slashes are ignored; a bare name is looked up in "/".</summary>
    private FileInfo? Info(string name)
    {
        var r = _resolve(name.StartsWith('(') || name.StartsWith('/') || name.Length == 0 ? name : "/" + name);
        if (r.Tree is not IFileTree tree)
            return null;
        var p = r.Path;
        if (r.Problem is not null && p.Length > 0 && !p.StartsWith('/'))
            p = "/" + p;
        else if (r.Problem is not null)
            return null;
        p = p.TrimEnd('/');
        if (p.Length == 0)
            return new FileInfo(true, null);
        var st = _stat(tree, p);
        return st is null ? null : new FileInfo(st.Value.Kind == FileKind.Directory, st.Value.Modified);
    }

    /// <summary>-s opens the name as a file: a directory cannot be opened (false), a bare device can.</summary>
    private bool NonEmptyFile(string name)
    {
        var r = _resolve(name);
        if (r.Tree is not IFileTree tree || r.Problem is not null)
            return false;
        if (r.Path.Length == 0)
            return true;
        var st = _stat(tree, r.Path);
        return st is { Kind: FileKind.File } s && s.Size > 0;
    }

    public override string ToString() => string.Join(' ', _args.Select(a => a.ToString(CultureInfo.InvariantCulture)));
}
