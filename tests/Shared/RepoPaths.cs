namespace LinuxBootSharp.Tests.Shared;

/// <summary>Locations tests need: the repository root (found by walking up to LinuxBootSharp.sln),
/// the build folder, and ../shared/corpus.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Build => Path.Combine(Root, "build");

    /// <summary>Scratch folder for generated images, shared across test runs (cached by content).</summary>
    public static string TestData
    {
        get
        {
            var d = Path.Combine(Build, "testdata");
            Directory.CreateDirectory(d);
            return d;
        }
    }

    /// <summary>../shared/corpus next to the repository, or LBS_CORPUS.</summary>
    public static string Corpus =>
        Environment.GetEnvironmentVariable("LBS_CORPUS") is { Length: > 0 } c ? c : Path.GetFullPath(Path.Combine(Root, "..", "shared", "corpus"));

    public static bool HasCorpus => Directory.Exists(Corpus);

    private static string FindRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "LinuxBootSharp.sln")))
            d = d.Parent;
        return d?.FullName ?? throw new InvalidOperationException("LinuxBootSharp.sln not found above " + AppContext.BaseDirectory);
    }
}
