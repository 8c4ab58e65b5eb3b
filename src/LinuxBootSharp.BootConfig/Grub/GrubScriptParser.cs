namespace LinuxBootSharp.BootConfig.Grub;

/// <summary>
/// Recursive-descent parser for GRUB's script grammar (grub-core/script/parser.y): simple
/// commands with block arguments, <c>if/elif/else/fi</c>, <c>for/in/do/done</c>,
/// <c>while|until/do/done</c> and <c>function name { }</c>; <c>;</c> and newlines delimit.
/// Reserved words count only in command position (parser.y lets them be plain arguments:
/// <c>echo if then</c>). Like GRUB's normal mode (grub-core/normal/main.c, read_config_file),
/// which parses and runs one top-level command at a time, a syntax error drops only the
/// command it occurs in: parsing resumes on the next line and earlier commands are kept.
/// </summary>
public sealed class GrubScriptParser
{
    /// <summary>Nesting deeper than this is refused (blocks inside blocks), bounding recursion.</summary>
    public const int MaxNesting = 64;

    /// <summary>After this many syntax errors the rest of a file is not worth reading (binary garbage).</summary>
    public const int MaxSyntaxErrors = 100;

    private static readonly HashSet<string> Terminators = new(StringComparer.Ordinal) { "then", "elif", "else", "fi", "do", "done" };

    private readonly GrubLexer _lexer;
    private readonly string _file;
    private readonly List<Diagnostic> _diagnostics;
    private GrubToken _tok;
    private int _depth;

    private sealed class SyntaxError(string message, int line) : Exception(message)
    {
        public int Line { get; } = line;
    }

    private GrubScriptParser(string text, string file, List<Diagnostic> diagnostics)
    {
        _lexer = new GrubLexer(text);
        _file = file;
        _diagnostics = diagnostics;
        _tok = _lexer.Next();
    }

    /// <summary>Parses a whole file; errors go to <paramref name="diagnostics"/> with <paramref name="file"/> and line.</summary>
    public static GrubScript Parse(string text, string file, List<Diagnostic> diagnostics) =>
        new GrubScriptParser(text, file, diagnostics).ParseTopLevel();

    private void Advance() => _tok = _lexer.Next();

    private GrubScript ParseTopLevel()
    {
        var commands = new List<GrubNode>();
        int errors = 0;
        while (true)
        {
            SkipDelimiters();
            if (_tok.Kind == GrubTokenKind.End)
                break;
            if (errors >= MaxSyntaxErrors)
            {
                _diagnostics.Add(new Diagnostic(Severity.Error, $"{MaxSyntaxErrors} syntax errors: the rest of the file is ignored", _file, _tok.Line));
                break;
            }
            int line = _tok.Line;
            try
            {
                if (_tok.Kind == GrubTokenKind.RightBrace)
                    throw new SyntaxError("syntax error: unexpected '}'", line);
                if (_tok.Kind == GrubTokenKind.Word && _tok.Keyword is string k && Terminators.Contains(k))
                    throw new SyntaxError($"syntax error: unexpected '{k}'", line);
                var node = ParseCommand();
                ExpectEndOfCommand();
                if (node is not null)
                    commands.Add(node);
            }
            catch (SyntaxError e)
            {
                errors++;
                _diagnostics.Add(new Diagnostic(Severity.Error, e.Message, _file, e.Line));
                // Like read_config_file: the failed command is dropped, reading goes on after it.
                int errLine = _tok.Line;
                while (_tok.Kind != GrubTokenKind.End && !(_tok.Kind == GrubTokenKind.Newline && _tok.Line >= errLine))
                    Advance();
                _depth = 0;
            }
        }
        return new GrubScript(commands);
    }

    private void SkipDelimiters()
    {
        while (_tok.Kind is GrubTokenKind.Newline or GrubTokenKind.Semicolon)
            Advance();
    }

    private void SkipNewlines()
    {
        while (_tok.Kind == GrubTokenKind.Newline)
            Advance();
    }

    private void ExpectEndOfCommand()
    {
        switch (_tok.Kind)
        {
            case GrubTokenKind.Newline or GrubTokenKind.Semicolon:
                Advance();
                return;
            case GrubTokenKind.End or GrubTokenKind.RightBrace:
                return;
            case GrubTokenKind.Word when _tok.Keyword is string k && Terminators.Contains(k):
                return;
            default:
                Fail("syntax error: expected end of command");
                return;
        }
    }

    /// <summary>A construct opened on <paramref name="openLine"/> is not closed: reported where it was opened.</summary>
    private void Unclosed(string message, int openLine)
    {
        if (_tok.Kind == GrubTokenKind.Bad && _tok.Text is not null)
            throw new SyntaxError(_tok.Text, _tok.Line);
        var where = _tok.Kind == GrubTokenKind.End ? "end of file" : $"line {_tok.Line}";
        throw new SyntaxError($"syntax error: {message} (opened on line {openLine}, not closed before {where})", openLine);
    }

    private void Fail(string message)
    {
        if (_tok.Kind == GrubTokenKind.Bad && _tok.Text is not null)
            throw new SyntaxError(_tok.Text, _tok.Line);
        if (_tok.Kind == GrubTokenKind.End)
            throw new SyntaxError(message + " (unexpected end of file)", _tok.Line);
        throw new SyntaxError(message, _tok.Line);
    }

    /// <summary>Commands until one of <paramref name="stops"/> (in command position), '}' or end of file.</summary>
    private GrubScript ParseList(IReadOnlySet<string> stops)
    {
        if (++_depth > MaxNesting)
            Fail($"syntax error: blocks nested deeper than {MaxNesting}");
        var commands = new List<GrubNode>();
        while (true)
        {
            SkipDelimiters();
            if (_tok.Kind is GrubTokenKind.End or GrubTokenKind.RightBrace)
                break;
            if (_tok.Kind == GrubTokenKind.Word && _tok.Keyword is string k && stops.Contains(k))
                break;
            if (_tok.Kind == GrubTokenKind.Word && _tok.Keyword is string t && Terminators.Contains(t))
                Fail($"syntax error: unexpected '{t}'");
            var node = ParseCommand();
            ExpectEndOfCommand();
            if (node is not null)
                commands.Add(node);
        }
        _depth--;
        return new GrubScript(commands);
    }

    private static readonly HashSet<string> ThenStop = new(StringComparer.Ordinal) { "then" };
    private static readonly HashSet<string> IfBodyStop = new(StringComparer.Ordinal) { "elif", "else", "fi" };
    private static readonly HashSet<string> FiStop = new(StringComparer.Ordinal) { "fi" };
    private static readonly HashSet<string> DoStop = new(StringComparer.Ordinal) { "do" };
    private static readonly HashSet<string> DoneStop = new(StringComparer.Ordinal) { "done" };
    private static readonly HashSet<string> NoStop = new(StringComparer.Ordinal);

    private void Expect(string keyword, int openLine)
    {
        if (!_tok.IsKeyword(keyword))
            Unclosed($"expected '{keyword}'", openLine);
        Advance();
    }

    private GrubNode? ParseCommand()
    {
        if (_tok.Kind == GrubTokenKind.Word)
        {
            switch (_tok.Keyword)
            {
                case "if": return ParseIf();
                case "for": return ParseFor();
                case "while": return ParseWhile(until: false);
                case "until": return ParseWhile(until: true);
                case "function": return ParseFunction();
            }
        }
        return ParseSimpleCommand();
    }

    private GrubCommand ParseSimpleCommand()
    {
        int line = _tok.Line;
        var args = new List<GrubArgument>();
        while (true)
        {
            if (_tok.Kind == GrubTokenKind.Word)
            {
                args.Add(new GrubArgument(new GrubWord(_tok.Parts), null));
                Advance();
            }
            else if (_tok.Kind == GrubTokenKind.LeftBrace)
            {
                if (args.Count == 0)
                    Fail("syntax error: unexpected '{'");
                int open = _tok.Line;
                Advance();
                var block = ParseList(NoStop);
                if (_tok.Kind != GrubTokenKind.RightBrace)
                    Unclosed("missing '}'", open);
                Advance();
                args.Add(new GrubArgument(null, block));
            }
            else
            {
                break;
            }
        }
        if (args.Count == 0)
            Fail("syntax error: expected a command");
        return new GrubCommand(line, args);
    }

    private GrubIf ParseIf()
    {
        int line = _tok.Line;
        Advance(); // if
        var branches = new List<(GrubScript, GrubScript)>();
        GrubScript? elseBody = null;
        while (true)
        {
            var cond = ParseList(ThenStop);
            Expect("then", line);
            var body = ParseList(IfBodyStop);
            branches.Add((cond, body));
            if (_tok.IsKeyword("elif"))
            {
                Advance();
                continue;
            }
            if (_tok.IsKeyword("else"))
            {
                Advance();
                elseBody = ParseList(FiStop);
            }
            Expect("fi", line);
            return new GrubIf(line, branches, elseBody);
        }
    }

    private GrubFor ParseFor()
    {
        int line = _tok.Line;
        Advance(); // for
        if (_tok.Kind != GrubTokenKind.Word || _tok.Keyword is null)
            Fail("syntax error: 'for' needs a variable name");
        string name = _tok.Keyword!;
        Advance();
        SkipNewlines();
        Expect("in", line);
        var words = new List<GrubWord>();
        while (_tok.Kind == GrubTokenKind.Word)
        {
            words.Add(new GrubWord(_tok.Parts));
            Advance();
        }
        SkipDelimiters();
        Expect("do", line);
        var body = ParseList(DoneStop);
        Expect("done", line);
        return new GrubFor(line, name, words, body);
    }

    private GrubWhile ParseWhile(bool until)
    {
        int line = _tok.Line;
        Advance();
        var cond = ParseList(DoStop);
        Expect("do", line);
        var body = ParseList(DoneStop);
        Expect("done", line);
        return new GrubWhile(line, cond, body, until);
    }

    private GrubFunctionDefinition ParseFunction()
    {
        int line = _tok.Line;
        Advance(); // function
        if (_tok.Kind != GrubTokenKind.Word || _tok.Keyword is null)
            Fail("syntax error: 'function' needs a name");
        string name = _tok.Keyword!;
        Advance();
        SkipNewlines();
        if (_tok.Kind != GrubTokenKind.LeftBrace)
            Fail("syntax error: expected '{' after the function name");
        Advance();
        var body = ParseList(NoStop);
        if (_tok.Kind != GrubTokenKind.RightBrace)
            Unclosed("missing '}'", line);
        Advance();
        return new GrubFunctionDefinition(line, name, body);
    }
}
