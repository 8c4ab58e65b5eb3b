using System.Text;

namespace LinuxBootSharp.BootConfig.Text;

/// <summary>
/// POSIX extended regular expressions (IEEE Std 1003.1, "Regular Expressions", 9.4) for GRUB's
/// <c>regexp</c> command, which uses gnulib's regcomp(REG_EXTENDED). Supported: literals, <c>.</c>,
/// bracket expressions with ranges, negation and [:class:] names, <c>* + ? {m} {m,} {m,n}</c>,
/// alternation, groups with captures, <c>^ $</c>, backslash escapes. A backtracking matcher with a
/// step budget: a pathological pattern fails with <see cref="PosixRegexException"/> instead of
/// hanging. Differences from POSIX: alternation prefers the leftmost alternative that matches
/// (not the longest); back-references are not supported. Written here because .NET's Regex
/// engine costs ~0.3 MB (xz) of the flash image for one rarely used GRUB command.
/// </summary>
public sealed class PosixRegex
{
    public const int MaxPatternLength = 4096;
    public const int MaxRepeat = 255; // RE_DUP_MAX
    public const long DefaultStepBudget = 1_000_000;

    private readonly Node _root;

    private PosixRegex(Node root, int groups)
    {
        _root = root;
        GroupCount = groups;
    }

    /// <summary>Capture groups, not counting the whole match (group 0).</summary>
    public int GroupCount { get; }

    public static PosixRegex Compile(string pattern)
    {
        if (pattern.Length > MaxPatternLength)
            throw new PosixRegexException($"pattern longer than {MaxPatternLength} characters");
        var p = new Parser(pattern);
        var node = p.ParseAlternation();
        if (p.Pos < pattern.Length)
            throw new PosixRegexException($"unmatched ')' at offset {p.Pos}");
        return new PosixRegex(node, p.Groups);
    }

    /// <summary>First (leftmost) match: group spans as (start, length), (-1, 0) for groups that did not take part; null when none.</summary>
    public (int Start, int Length)[]? Match(string input, long stepBudget = DefaultStepBudget)
    {
        var m = new Matcher(input, GroupCount + 1, stepBudget);
        for (int start = 0; start <= input.Length; start++)
        {
            Array.Fill(m.Starts, -1);
            Array.Fill(m.Ends, -1);
            int end = -1;
            if (m.Run(_root, start, e => { end = e; return true; }))
            {
                var r = new (int, int)[GroupCount + 1];
                r[0] = (start, end - start);
                for (int g = 1; g <= GroupCount; g++)
                    r[g] = m.Starts[g] >= 0 && m.Ends[g] >= 0 ? (m.Starts[g], m.Ends[g] - m.Starts[g]) : (-1, 0);
                return r;
            }
        }
        return null;
    }

    private abstract class Node;
    private sealed class Empty : Node;
    private sealed class Literal(char c) : Node { public char C = c; }
    private sealed class AnyChar : Node;
    private sealed class Bracket(Func<char, bool> test) : Node { public Func<char, bool> Test = test; }
    private sealed class Bol : Node;
    private sealed class Eol : Node;
    private sealed class Group(Node inner, int index) : Node { public Node Inner = inner; public int Index = index; }
    private sealed class Concat(List<Node> items) : Node { public List<Node> Items = items; }
    private sealed class Alt(List<Node> options) : Node { public List<Node> Options = options; }
    private sealed class Repeat(Node inner, int min, int max) : Node { public Node Inner = inner; public int Min = min; public int Max = max; }

    private sealed class Parser(string s)
    {
        public int Pos;
        public int Groups;

        public Node ParseAlternation()
        {
            var options = new List<Node> { ParseConcat() };
            while (Pos < s.Length && s[Pos] == '|')
            {
                Pos++;
                options.Add(ParseConcat());
            }
            return options.Count == 1 ? options[0] : new Alt(options);
        }

        private Node ParseConcat()
        {
            var items = new List<Node>();
            while (Pos < s.Length && s[Pos] != '|' && s[Pos] != ')')
            {
                var atom = ParseAtom();
                while (Pos < s.Length && s[Pos] is '*' or '+' or '?' or '{')
                    atom = ParseQuantifier(atom);
                items.Add(atom);
            }
            return items.Count == 1 ? items[0] : items.Count == 0 ? new Empty() : new Concat(items);
        }

        private Node ParseQuantifier(Node atom)
        {
            char q = s[Pos++];
            switch (q)
            {
                case '*': return new Repeat(atom, 0, int.MaxValue);
                case '+': return new Repeat(atom, 1, int.MaxValue);
                case '?': return new Repeat(atom, 0, 1);
            }
            int min = ReadInt();
            int max = min;
            if (Pos < s.Length && s[Pos] == ',')
            {
                Pos++;
                max = Pos < s.Length && char.IsAsciiDigit(s[Pos]) ? ReadInt() : int.MaxValue;
            }
            if (Pos >= s.Length || s[Pos] != '}')
                throw new PosixRegexException($"unterminated interval at offset {Pos}");
            Pos++;
            if (min > MaxRepeat || (max != int.MaxValue && (max > MaxRepeat || max < min)))
                throw new PosixRegexException($"invalid interval {{{min},{max}}}");
            return new Repeat(atom, min, max);
        }

        private int ReadInt()
        {
            int start = Pos, v = 0;
            while (Pos < s.Length && char.IsAsciiDigit(s[Pos]) && Pos - start < 4)
                v = v * 10 + (s[Pos++] - '0');
            if (Pos == start)
                throw new PosixRegexException($"number expected at offset {Pos}");
            return v;
        }

        private Node ParseAtom()
        {
            char c = s[Pos++];
            switch (c)
            {
                case '.': return new AnyChar();
                case '^': return new Bol();
                case '$': return new Eol();
                case '(':
                {
                    int index = ++Groups;
                    var inner = ParseAlternation();
                    if (Pos >= s.Length || s[Pos] != ')')
                        throw new PosixRegexException("unmatched '('");
                    Pos++;
                    return new Group(inner, index);
                }
                case '[': return ParseBracket();
                case '\\':
                    if (Pos >= s.Length)
                        throw new PosixRegexException("trailing backslash");
                    return new Literal(s[Pos++]);
                case '*' or '+' or '?' or '{':
                    throw new PosixRegexException($"'{c}' with nothing to repeat at offset {Pos - 1}");
                default: return new Literal(c);
            }
        }

        private Node ParseBracket()
        {
            bool negate = false;
            if (Pos < s.Length && s[Pos] == '^')
            {
                negate = true;
                Pos++;
            }
            var tests = new List<Func<char, bool>>();
            bool first = true;
            while (true)
            {
                if (Pos >= s.Length)
                    throw new PosixRegexException("unterminated bracket expression");
                char c = s[Pos];
                if (c == ']' && !first)
                {
                    Pos++;
                    break;
                }
                first = false;
                if (c == '[' && Pos + 1 < s.Length && s[Pos + 1] == ':')
                {
                    int end = s.IndexOf(":]", Pos + 2, StringComparison.Ordinal);
                    if (end < 0)
                        throw new PosixRegexException("unterminated character class");
                    tests.Add(ClassTest(s[(Pos + 2)..end]));
                    Pos = end + 2;
                    continue;
                }
                Pos++;
                if (Pos + 1 < s.Length && s[Pos] == '-' && s[Pos + 1] != ']')
                {
                    char hi = s[Pos + 1];
                    Pos += 2;
                    if (hi < c)
                        throw new PosixRegexException($"invalid range {c}-{hi}");
                    char lo = c;
                    tests.Add(x => x >= lo && x <= hi);
                }
                else
                {
                    char lit = c;
                    tests.Add(x => x == lit);
                }
            }
            var all = tests.ToArray();
            return new Bracket(x =>
            {
                bool any = false;
                foreach (var t in all)
                    if (t(x)) { any = true; break; }
                return any != negate;
            });
        }

        private static Func<char, bool> ClassTest(string name) => name switch
        {
            "alpha" => char.IsAsciiLetter,
            "digit" => char.IsAsciiDigit,
            "alnum" => char.IsAsciiLetterOrDigit,
            "upper" => char.IsAsciiLetterUpper,
            "lower" => char.IsAsciiLetterLower,
            "space" => c => c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v',
            "blank" => c => c is ' ' or '\t',
            "punct" => c => c is >= '!' and <= '~' && !char.IsAsciiLetterOrDigit(c),
            "xdigit" => char.IsAsciiHexDigit,
            "print" => c => c is >= ' ' and <= '~',
            "graph" => c => c is > ' ' and <= '~',
            "cntrl" => char.IsControl,
            _ => throw new PosixRegexException($"unknown character class [:{name}:]"),
        };
    }

    /// <summary>Continuation-passing backtracking matcher.</summary>
    private sealed class Matcher(string input, int groups, long budget)
    {
        public readonly int[] Starts = new int[groups];
        public readonly int[] Ends = new int[groups];
        private long _steps;

        public bool Run(Node n, int i, Func<int, bool> k)
        {
            if (++_steps > budget)
                throw new PosixRegexException($"pattern needs more than {budget} steps on this input");
            switch (n)
            {
                case Empty: return k(i);
                case Literal l: return i < input.Length && input[i] == l.C && k(i + 1);
                case AnyChar: return i < input.Length && input[i] != '\n' && k(i + 1);
                case Bracket b: return i < input.Length && b.Test(input[i]) && k(i + 1);
                case Bol: return i == 0 && k(i);
                case Eol: return i == input.Length && k(i);
                case Group g:
                {
                    int os = Starts[g.Index], oe = Ends[g.Index];
                    if (Run(g.Inner, i, e =>
                    {
                        int ps = Starts[g.Index], pe = Ends[g.Index];
                        Starts[g.Index] = i;
                        Ends[g.Index] = e;
                        if (k(e))
                            return true;
                        Starts[g.Index] = ps;
                        Ends[g.Index] = pe;
                        return false;
                    }))
                        return true;
                    Starts[g.Index] = os;
                    Ends[g.Index] = oe;
                    return false;
                }
                case Concat c: return RunSeq(c.Items, 0, i, k);
                case Alt a:
                    foreach (var o in a.Options)
                        if (Run(o, i, k))
                            return true;
                    return false;
                case Repeat r: return RunRepeat(r, 0, i, -1, k);
                default: return false;
            }
        }

        private bool RunSeq(List<Node> items, int idx, int i, Func<int, bool> k) =>
            idx == items.Count ? k(i) : Run(items[idx], i, e => RunSeq(items, idx + 1, e, k));

        /// <summary>Greedy: try one more repetition first; an empty repetition cannot repeat (no infinite loop).</summary>
        private bool RunRepeat(Repeat r, int count, int i, int lastStart, Func<int, bool> k)
        {
            if (count < r.Max && i != lastStart && Run(r.Inner, i, e => (e != i || count < r.Min) && RunRepeat(r, count + 1, e, i, k)))
                return true;
            return count >= r.Min && k(i);
        }
    }
}

/// <summary>A pattern GRUB's regexp would reject, or one too costly to run.</summary>
public sealed class PosixRegexException(string message) : Exception(message);
