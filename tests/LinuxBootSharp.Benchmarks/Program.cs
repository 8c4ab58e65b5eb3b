using System.Globalization;
using LinuxBootSharp.Benchmarks;

// `make bench`: every group measures against a baseline taken in the same run.
// Usage: Benchmarks [--work DIR] [GROUP...]
string work = Path.GetFullPath("build/bench");
var only = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--work") work = Path.GetFullPath(args[++i]);
    else only.Add(args[i]);
}
Directory.CreateDirectory(work);
int failed = 0;
foreach (var b in Benchmarks.All.Where(b => only.Count == 0 || only.Contains(b.Name)))
{
    Console.WriteLine($"== {b.Name}");
    try
    {
        foreach (var r in b.Run(work))
        {
            var line = string.Create(CultureInfo.InvariantCulture, $"  {r.Name,-52} {r.Value,12:0.###} {r.Unit}");
            if (r.Baseline is double bl)
                line += string.Create(CultureInfo.InvariantCulture, $"  | {r.BaselineName ?? "baseline"} {bl:0.###} {r.Unit}, ratio {r.Ratio:0.00}");
            if (r.Budget is not null) line += $"  | budget {r.Budget}";
            if (r.Note is not null) line += $"  ({r.Note})";
            Console.WriteLine(line);
        }
    }
    catch (Exception e)
    {
        failed++;
        Console.WriteLine($"  FAILED: {e.GetType().Name}: {e.Message}");
    }
}
return failed == 0 ? 0 : 1;
