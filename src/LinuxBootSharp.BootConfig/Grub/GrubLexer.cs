using System.Text;

namespace LinuxBootSharp.BootConfig.Grub;

/// <summary>
/// Splits GRUB script text into tokens the way grub-core/script/yylex.l does: blanks separate
/// words; <c># ...</c> is a comment only at the start of a word; <c>{ } ; newline</c> are tokens
/// of their own; a word is made of plain characters, 'single' and "double" quoted strings,
/// backslash escapes and <c>$var</c>/<c>${var}</c> references. A backslash before a newline joins
/// lines. Errors (an unterminated quote, a bad <c>$</c>) become <see cref="GrubTokenKind.Bad"/>
/// tokens carrying a message, never exceptions.
/// </summary>
public sealed class GrubLexer
{
    private readonly string _s;
    private int _pos;
    private int _line = 1;

    public GrubLexer(string text) => _s = text;

    public int Line => _line;

    private char Peek(int k = 0) => _pos + k < _s.Length ? _s[_pos + k] : '\0';

    private bool AtEnd => _pos >= _s.Length;

    /// <summary>Characters that end an unquoted word (yylex.l CHAR excludes them).</summary>
    private static bool IsWordBreak(char c) =>
        c is ' ' or '\t' or '\r' or '\n' or '{' or '}' or '|' or '&' or ';' or '<' or '>';

    private static bool IsNameStart(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_';

    private static bool IsNameChar(char c) => IsNameStart(c) || char.IsAsciiDigit(c);

    public GrubToken Next()
    {
        // Blanks and comments (yylex.l: {BLANK}+ and {COMMENT} are recorded and skipped).
        while (!AtEnd)
        {
            char c = Peek();
            if (c is ' ' or '\t' or '\r' or '\f' or '\v')
            {
                _pos++;
                continue;
            }
            if (c == '\\' && Peek(1) == '\n')
            {
                _pos += 2;
                _line++;
                continue;
            }
            if (c == '#')
            {
                while (!AtEnd && Peek() != '\n')
                    _pos++;
                continue;
            }
            break;
        }
        if (AtEnd)
            return new GrubToken(GrubTokenKind.End, _line, GrubToken.NoParts, null);
        int line = _line;
        switch (Peek())
        {
            case '\n':
                _pos++;
                _line++;
                return new GrubToken(GrubTokenKind.Newline, line, GrubToken.NoParts, null);
            case ';':
                _pos++;
                return new GrubToken(GrubTokenKind.Semicolon, line, GrubToken.NoParts, null);
            case '{':
                _pos++;
                return new GrubToken(GrubTokenKind.LeftBrace, line, GrubToken.NoParts, null);
            case '}':
                _pos++;
                return new GrubToken(GrubTokenKind.RightBrace, line, GrubToken.NoParts, null);
            case '|' or '&' or '<' or '>':
                {
                    char c = Peek();
                    _pos++;
                    return new GrubToken(GrubTokenKind.Bad, line, GrubToken.NoParts, null, $"syntax error: '{c}' is not supported by GRUB's script grammar");
                }
        }
        return ReadWord(line);
    }

    private static bool IsPlain(char c) => !IsWordBreak(c) && c is not ('\\' or '\'' or '"' or '$');

    private GrubToken ReadWord(int line)
    {
        // Fast path: most words are plain text up to a blank or delimiter.
        int wordStart = _pos;
        int p = wordStart;
        while (p < _s.Length && IsPlain(_s[p]))
            p++;
        if (p > wordStart && (p == _s.Length || IsWordBreak(_s[p])))
        {
            _pos = p;
            var word = _s.Substring(wordStart, p - wordStart);
            return new GrubToken(GrubTokenKind.Word, line, [new GrubWordPart(GrubWordPartKind.Text, word)], word);
        }
        var parts = new List<GrubWordPart>(2);
        var text = new StringBuilder();
        bool plain = true;
        void FlushText()
        {
            if (text.Length > 0)
            {
                parts.Add(new GrubWordPart(GrubWordPartKind.Text, text.ToString()));
                text.Clear();
            }
        }
        while (!AtEnd)
        {
            char c = Peek();
            if (IsWordBreak(c))
                break;
            switch (c)
            {
                case '\\':
                    if (Peek(1) == '\n')
                    {
                        _pos += 2;
                        _line++;
                        continue;
                    }
                    plain = false;
                    text.Append(c);
                    _pos++;
                    if (!AtEnd)
                    {
                        text.Append(Peek());
                        _pos++;
                    }
                    continue;
                case '\'':
                    {
                        plain = false;
                        FlushText();
                        int start = ++_pos;
                        int close = _s.IndexOf('\'', start);
                        if (close < 0)
                        {
                            _pos = _s.Length;
                            return Bad(line, "unterminated single-quoted string");
                        }
                        var sq = _s.Substring(start, close - start);
                        _line += CountNewlines(sq);
                        parts.Add(new GrubWordPart(GrubWordPartKind.SingleQuoted, sq));
                        _pos = close + 1;
                        continue;
                    }
                case '"':
                    {
                        plain = false;
                        FlushText();
                        _pos++;
                        var err = ReadDoubleQuoted(parts);
                        if (err is not null)
                            return Bad(line, err);
                        continue;
                    }
                case '$' when Peek(1) == '"':
                    {
                        // $"..." is a gettext string (yylex.l I18NQUOTE); without translations it is
                        // the text itself, with its $variables expanded like a double-quoted string.
                        plain = false;
                        FlushText();
                        _pos += 2;
                        var err = ReadDoubleQuoted(parts);
                        if (err is not null)
                            return Bad(line, err);
                        continue;
                    }
                case '$':
                    {
                        plain = false;
                        FlushText();
                        var name = ReadVariableName();
                        if (name is null)
                            return Bad(line, "syntax error: '$' must be followed by a variable name");
                        parts.Add(new GrubWordPart(GrubWordPartKind.Variable, name));
                        continue;
                    }
                default:
                    text.Append(c);
                    _pos++;
                    continue;
            }
        }
        FlushText();
        string? keyword = plain && parts.Count == 1 ? parts[0].Text : null;
        return new GrubToken(GrubTokenKind.Word, line, parts, keyword);
    }

    private GrubToken Bad(int line, string message)
    {
        // Resynchronise at the end of the line, so one bad word cannot swallow the file.
        while (!AtEnd && Peek() != '\n')
            _pos++;
        return new GrubToken(GrubTokenKind.Bad, line, GrubToken.NoParts, null, message);
    }

    private static int CountNewlines(string s)
    {
        int n = 0;
        foreach (var ch in s)
            if (ch == '\n')
                n++;
        return n;
    }

    /// <summary>yylex.l DQUOTE state: \$ \\ \" are escapes, backslash-newline joins, any other
    /// backslash stays literal; $var is a quoted variable.</summary>
    private string? ReadDoubleQuoted(List<GrubWordPart> parts)
    {
        var sb = new StringBuilder();
        while (true)
        {
            if (AtEnd)
                return "unterminated double-quoted string";
            char c = Peek();
            if (c == '"')
            {
                _pos++;
                // An empty "" still yields a (possibly empty) argument: execute.c appends DQSTR parts
                // even when they are empty, unlike unquoted text.
                parts.Add(new GrubWordPart(GrubWordPartKind.DoubleQuoted, sb.ToString()));
                return null;
            }
            if (c == '\\')
            {
                char n = Peek(1);
                if (n is '$' or '\\' or '"')
                {
                    sb.Append(n);
                    _pos += 2;
                    continue;
                }
                if (n == '\n')
                {
                    _pos += 2;
                    _line++;
                    continue;
                }
                sb.Append(c);
                _pos++;
                continue;
            }
            if (c == '$')
            {
                parts.Add(new GrubWordPart(GrubWordPartKind.DoubleQuoted, sb.ToString()));
                sb.Clear();
                var name = ReadVariableName();
                if (name is null)
                    return "syntax error: '$' must be followed by a variable name";
                parts.Add(new GrubWordPart(GrubWordPartKind.QuotedVariable, name));
                continue;
            }
            if (c == '\n')
                _line++;
            sb.Append(c);
            _pos++;
        }
    }

    /// <summary>yylex.l VARIABLE: $NAME, ${NAME}, $DIGITS, ${DIGITS}, $? $# $* $@ (and braced).
    /// Positioned on '$'; returns null when no valid name follows.</summary>
    private string? ReadVariableName()
    {
        _pos++; // '$'
        bool braced = Peek() == '{';
        int start = braced ? _pos + 1 : _pos;
        int p = start;
        char c = p < _s.Length ? _s[p] : '\0';
        if (IsNameStart(c))
        {
            while (p < _s.Length && IsNameChar(_s[p]))
                p++;
        }
        else if (char.IsAsciiDigit(c))
        {
            while (p < _s.Length && char.IsAsciiDigit(_s[p]))
                p++;
        }
        else if (c is '?' or '#' or '*' or '@')
        {
            p++;
        }
        else
        {
            return null;
        }
        var name = _s.Substring(start, p - start);
        if (braced)
        {
            if (p >= _s.Length || _s[p] != '}')
                return null;
            p++;
        }
        _pos = p;
        return name;
    }
}
