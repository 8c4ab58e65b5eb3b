namespace LinuxBootSharp.BootConfig.Grub;

/// <summary>
/// Counts the commands run and the characters expanded against <see cref="GrubLimits"/>, per
/// phase (the config run, one submenu body, one entry body) and in all. GRUB has no such bounds;
/// we need them because a config from an untrusted disk must not keep the menu from appearing.
/// </summary>
internal sealed class GrubBudget
{
    private readonly GrubLimits _limits;
    private readonly GrubContext _where;
    private long _steps;
    private long _stepLimit;
    private long _expandedChars;
    private long _totalSteps;
    private long _totalChars;

    public GrubBudget(GrubLimits limits, GrubContext where)
    {
        _limits = limits;
        _where = where;
        _stepLimit = limits.MaxSteps;
    }

    /// <summary>True once the whole evaluation's budget is spent: later entries are listed unevaluated.</summary>
    public bool IsSpent => _totalSteps > _limits.MaxSteps + _limits.MaxTotalEntrySteps || _totalChars > _limits.MaxTotalExpandedChars;

    /// <summary>Starts a new phase with its own step limit; returns what <see cref="EndPhase"/> restores.</summary>
    public (long Steps, long Limit, long Chars) BeginPhase(long limit)
    {
        var saved = (_steps, _stepLimit, _expandedChars);
        _steps = 0;
        _stepLimit = limit;
        _expandedChars = 0;
        return saved;
    }

    public void EndPhase((long Steps, long Limit, long Chars) saved) => (_steps, _stepLimit, _expandedChars) = saved;

    /// <summary>One command (or statement) is about to run.</summary>
    public void Step()
    {
        if (++_totalSteps > _limits.MaxSteps + _limits.MaxTotalEntrySteps)
            Throw($"evaluation stopped after {_limits.MaxSteps + _limits.MaxTotalEntrySteps} commands in all (config, submenus and entries)");
        if (++_steps > _stepLimit)
            Throw($"evaluation stopped after {_stepLimit} commands (a loop or recursion that does not end?)");
    }

    /// <summary><paramref name="count"/> more characters were produced by word expansion.</summary>
    public void Expanded(int count)
    {
        _expandedChars += count;
        _totalChars += count;
        if (_totalChars > _limits.MaxTotalExpandedChars)
            Throw($"evaluation stopped after expanding {_limits.MaxTotalExpandedChars} characters in all");
        if (_expandedChars > _limits.MaxExpandedChars)
            Throw($"evaluation stopped after expanding {_limits.MaxExpandedChars} characters (a string that keeps growing?)");
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void Throw(string message) => throw new GrubBudgetExceededException(message, _where.File, _where.Line);
}

/// <summary>Unwinds the evaluation when a budget runs out; carries where it happened.</summary>
internal sealed class GrubBudgetExceededException(string message, string file, int line) : Exception(message)
{
    public string File { get; } = file;
    public int Line { get; } = line;
}
