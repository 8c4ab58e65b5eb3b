namespace LinuxBootSharp.BootConfig.Grub;

public enum GrubTokenKind
{
    Word,
    Newline,
    Semicolon,
    LeftBrace,
    RightBrace,
    /// <summary>A character GRUB's lexer rejects or whose construct its grammar lacks (<c>&amp; | &lt; &gt;</c>).</summary>
    Bad,
    End,
}

/// <summary>
/// How one piece of a word was written, which decides how it expands
/// (grub-core/script/yylex.l and the GRUB_SCRIPT_ARG_TYPE_* cases of execute.c).
/// </summary>
public enum GrubWordPartKind
{
    /// <summary>Unquoted text; backslash escapes are still in it and are removed at expansion.</summary>
    Text,
    SingleQuoted,
    /// <summary>Double-quoted literal text with its escapes (\$ \\ \" and line joins) already applied.</summary>
    DoubleQuoted,
    /// <summary>Unquoted <c>$name</c>: the value is split on white space.</summary>
    Variable,
    /// <summary><c>$name</c> inside double quotes: the value stays one piece.</summary>
    QuotedVariable,
}

public readonly record struct GrubWordPart(GrubWordPartKind Kind, string Text);

/// <summary>One lexical token. A word keeps its parts; <see cref="Keyword"/> is its text when it was
/// written as one unquoted bare word (only those can be reserved words).</summary>
public sealed record GrubToken(GrubTokenKind Kind, int Line, IReadOnlyList<GrubWordPart> Parts, string? Keyword, string? Text = null)
{
    public static readonly IReadOnlyList<GrubWordPart> NoParts = [];

    public bool IsKeyword(string k) => Kind == GrubTokenKind.Word && Keyword == k;

    public override string ToString() => Kind == GrubTokenKind.Word ? string.Concat(Parts.Select(p => p.Text)) : Kind.ToString();
}
