namespace LinuxBootSharp.BootConfig;

/// <summary>
/// Boot counting of a Type #1 entry or UKI (Boot Loader Specification, "Boot counting"): the
/// "+LEFT-DONE" counter in its file name. An entry without a counter has none (null), which the
/// specification calls "good"; with tries left it is "indeterminate"; with none left, "bad".
/// A kexec loader never renames the file, so the counter is reported, not advanced.
/// </summary>
public readonly record struct BootCounting(int TriesLeft, int TriesDone)
{
    /// <summary>No tries left: the entry sorts after all others ("Sorting", rule 1).</summary>
    public bool IsBad => TriesLeft == 0;

    /// <summary>"bad" or "indeterminate", the specification's words.</summary>
    public string State => IsBad ? "bad" : "indeterminate";
}
