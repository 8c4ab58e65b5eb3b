using System.Diagnostics;
using LinuxBootSharp.BootConfig;
using LinuxBootSharp.BootConfig.Grub;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.Benchmarks;

/// <summary>
/// GRUB: parse + evaluate (all menu entries included) every GRUB config of the corpus
/// (u-root testdata_new cases, petitboot grub2 configs) from memory, many times; reports the
/// median per config, the slowest config's median and the total for one pass over all of them.
/// The budget: a typical grub-mkconfig config in at most 1 ms.
/// </summary>
public sealed class GrubBench : IBenchmark
{
    public string Name => "grub";

    private sealed record Case(string Name, IFileTree Home, IReadOnlyList<IFileTree> Volumes, string Path);

    /// <summary>Copies a directory into memory, so the measurement is the interpreter, not the disk.</summary>
    private static InMemoryFileTree Load(string dir, FileSystemIdentity id)
    {
        var t = new InMemoryFileTree(id);
        foreach (var f in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
        {
            var rel = "/" + Path.GetRelativePath(dir, f).Replace('\\', '/');
            t.AddFile(rel, new FileInfo(f).Length < (1 << 20) ? File.ReadAllBytes(f) : []);
        }
        return t;
    }

    private static List<Case> Cases(string corpus)
    {
        var list = new List<Case>();
        var uroot = Path.Combine(corpus, "u-root", "pkg", "boot", "grub", "testdata_new");
        if (Directory.Exists(uroot))
        {
            var all = Directory.GetDirectories(uroot).Order(StringComparer.Ordinal).ToDictionary(d => Path.GetFileName(d), d =>
            {
                string? Read(string n) => File.Exists(Path.Combine(d, n)) ? File.ReadAllText(Path.Combine(d, n)).Trim() : null;
                return (IFileTree)Load(d, new FileSystemIdentity { Type = Read("TYPE") ?? "ext4", Device = Path.GetFileName(d), Uuid = Read("UUID"), Label = Read("LABEL") });
            });
            foreach (var (name, home) in all)
            {
                if (GrubParser.FindConfig(home) is not string path)
                    continue;
                var vols = all.Where(kv => name.Contains("_sda", StringComparison.Ordinal) && kv.Key.StartsWith(name[..(name.LastIndexOf("_sda", StringComparison.Ordinal) + 4)], StringComparison.Ordinal))
                    .Select(kv => kv.Value).Prepend(home).Distinct().ToList();
                list.Add(new Case("u-root/" + name, home, vols, path));
            }
        }
        var pb = Path.Combine(corpus, "petitboot", "test", "parser");
        foreach (var f in Directory.Exists(pb) ? Directory.GetFiles(Path.Combine(pb, "data"), "grub2-*.conf").Order(StringComparer.Ordinal).ToArray() : [])
        {
            var home = new InMemoryFileTree(new FileSystemIdentity { Type = "ext4", Device = Path.GetFileName(f) }).AddFile("/boot/grub/grub.cfg", File.ReadAllBytes(f));
            list.Add(new Case("petitboot/" + Path.GetFileName(f), home, [home], "/boot/grub/grub.cfg"));
        }
        foreach (var f in Directory.Exists(pb) ? Directory.GetFiles(Path.Combine(pb, "embedded"), "test-grub2-*.cfg").Order(StringComparer.Ordinal).ToArray() : [])
        {
            var home = new InMemoryFileTree(new FileSystemIdentity { Type = "ext4", Device = Path.GetFileName(f) }).AddFile("/boot/grub/grub.cfg", File.ReadAllBytes(f));
            list.Add(new Case("petitboot/" + Path.GetFileName(f), home, [home], "/boot/grub/grub.cfg"));
        }
        // The project's own grub-mkconfig fixtures (Debian 12, Ubuntu 22.04): the "typical config" of the budget.
        var fixtures = Path.Combine(LinuxBootSharp.Tests.Shared.RepoPaths.Root, "tests", "LinuxBootSharp.BootConfig.Tests", "Fixtures", "Grub");
        foreach (var f in Directory.Exists(fixtures) ? Directory.GetFiles(fixtures, "*.grub.cfg").Order(StringComparer.Ordinal).ToArray() : [])
        {
            var home = new InMemoryFileTree(new FileSystemIdentity { Type = "ext4", Device = "/dev/vda2", DiskIndex = 0, PartitionScheme = "gpt", PartitionNumber = 2 })
                .AddFile("/boot/grub/grub.cfg", File.ReadAllBytes(f));
            list.Add(new Case("fixture/" + Path.GetFileName(f), home, [home], "/boot/grub/grub.cfg"));
        }
        return list;
    }

    public IEnumerable<BenchRow> Run(string work)
    {
        var corpus = LinuxBootSharp.Tests.Shared.RepoPaths.Corpus;
        if (!Directory.Exists(corpus))
        {
            yield return new BenchRow("grub corpus", 0, "configs", Note: "corpus not found (set LBS_CORPUS)");
            yield break;
        }
        var cases = Cases(corpus);
        var parser = new GrubParser();
        const int Rounds = 31;
        var medians = new List<(string Name, double Ms, int Entries)>();
        foreach (var c in cases)
        {
            var times = new double[Rounds];
            int entries = 0;
            for (int i = 0; i < 3; i++)
                parser.Evaluate(c.Home, c.Volumes, c.Path);
            for (int i = 0; i < Rounds; i++)
            {
                long t0 = Stopwatch.GetTimestamp();
                entries = parser.Evaluate(c.Home, c.Volumes, c.Path).Result.Entries.Count;
                times[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            }
            Array.Sort(times);
            medians.Add((c.Name, times[Rounds / 2], entries));
        }
        var sorted = medians.Select(m => m.Ms).Order().ToList();
        yield return new BenchRow("grub: configs parsed + evaluated", cases.Count, "configs", Note: $"{medians.Sum(m => m.Entries)} entries");
        yield return new BenchRow("grub: median per config", sorted[sorted.Count / 2], "ms", Budget: "<= 1 ms (typical grub-mkconfig config)");
        var typical = medians.Where(m => m.Name.Contains("debian_10_4_installed", StringComparison.Ordinal) || m.Name.Contains("ubuntu-13_04", StringComparison.Ordinal) || m.Name.StartsWith("fixture/", StringComparison.Ordinal)).ToList();
        foreach (var t in typical)
            yield return new BenchRow($"grub: {t.Name}", t.Ms, "ms", Budget: "<= 1 ms", Note: $"{t.Entries} entries");
        var worst = medians.MaxBy(m => m.Ms);
        yield return new BenchRow($"grub: slowest ({worst.Name})", worst.Ms, "ms", Note: $"{worst.Entries} entries");
        yield return new BenchRow("grub: total, one pass over all configs", medians.Sum(m => m.Ms), "ms");
    }
}
