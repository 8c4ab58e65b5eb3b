namespace LinuxBootSharp.BootConfig.Grub;

/// <summary>A parsed GRUB script: the commands of a file, a block or a branch, in order.</summary>
public sealed record GrubScript(IReadOnlyList<GrubNode> Commands)
{
    public static readonly GrubScript Empty = new([]);
}

/// <summary>One statement of GRUB's grammar (grub-core/script/parser.y), with its 1-based line.</summary>
public abstract record GrubNode(int Line);

/// <summary>A word as written: its parts expand to zero or more arguments.</summary>
public sealed record GrubWord(IReadOnlyList<GrubWordPart> Parts);

/// <summary>An argument of a simple command: a word, or a <c>{ ... }</c> block (menuentry, submenu).</summary>
public sealed record GrubArgument(GrubWord? Word, GrubScript? Block)
{
    public bool IsBlock => Block is not null;
}

/// <summary><c>name args...</c>, possibly with a block argument.</summary>
public sealed record GrubCommand(int Line, IReadOnlyList<GrubArgument> Arguments) : GrubNode(Line);

/// <summary><c>if c; then a; elif c2; then b; else d; fi</c>.</summary>
public sealed record GrubIf(int Line, IReadOnlyList<(GrubScript Condition, GrubScript Body)> Branches, GrubScript? Else) : GrubNode(Line);

/// <summary><c>for name in words; do body; done</c>.</summary>
public sealed record GrubFor(int Line, string Variable, IReadOnlyList<GrubWord> Words, GrubScript Body) : GrubNode(Line);

/// <summary><c>while cond; do body; done</c> or <c>until ...</c>.</summary>
public sealed record GrubWhile(int Line, GrubScript Condition, GrubScript Body, bool Until) : GrubNode(Line);

/// <summary><c>function name { body }</c>: defines a function (functions are global in GRUB, script/function.c).</summary>
public sealed record GrubFunctionDefinition(int Line, string Name, GrubScript Body) : GrubNode(Line);
