namespace LinuxBootSharp.Tests.Shared;

/// <summary>A fact that needs ../shared/corpus: skipped, with the reason, when it is absent (CI has it).</summary>
public sealed class CorpusFactAttribute : FactAttribute
{
    public CorpusFactAttribute()
    {
        if (!RepoPaths.HasCorpus)
            Skip = $"corpus not found at {RepoPaths.Corpus} (set LBS_CORPUS or check out shared/ beside the repository)";
    }
}

/// <summary>A theory over corpus cases, skipped with the reason when the corpus is absent.</summary>
public sealed class CorpusTheoryAttribute : TheoryAttribute
{
    public CorpusTheoryAttribute()
    {
        if (!RepoPaths.HasCorpus)
            Skip = $"corpus not found at {RepoPaths.Corpus} (set LBS_CORPUS or check out shared/ beside the repository)";
    }
}
