using System.Diagnostics;
using LinuxBootSharp.Fuzz;

// In-repo mutation fuzzer: `make fuzz` (FUZZ_SECONDS per target, FUZZ_SEED for replay).
// Usage: Fuzz [--seconds N] [--seed N] [--target NAME] [--out DIR] [--replay FILE --target NAME]
int seconds = 20;
int seed = Environment.TickCount;
string? only = null, replay = null;
string outDir = "build/fuzz-findings";
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--seconds": seconds = int.Parse(args[++i]); break;
        case "--seed": seed = int.Parse(args[++i]); break;
        case "--target": only = args[++i]; break;
        case "--out": outDir = args[++i]; break;
        case "--replay": replay = args[++i]; break;
        default: Console.Error.WriteLine($"fuzz: unknown argument {args[i]}"); return 2;
    }
}

var targets = FuzzTargets.All.Where(t => only is null || t.Name == only).ToList();
if (targets.Count == 0)
{
    Console.Error.WriteLine($"fuzz: no target {only}; have: {string.Join(", ", FuzzTargets.All.Select(t => t.Name))}");
    return 2;
}
if (replay is not null)
{
    var data = File.ReadAllBytes(replay);
    foreach (var t in targets)
    {
        var failure = FuzzDriver.RunOne(t, data, TimeSpan.FromSeconds(10));
        Console.WriteLine(failure is null ? $"{t.Name}: ok" : $"{t.Name}: {failure}");
        if (failure is not null) return 1;
    }
    return 0;
}

int failures = 0;
foreach (var t in targets)
{
    var r = FuzzDriver.Fuzz(t, TimeSpan.FromSeconds(seconds), seed, outDir);
    Console.WriteLine($"{t.Name}: {r.Executions} runs, {r.Failures} failures (seed {seed})");
    failures += r.Failures;
}
Console.WriteLine($"{(failures == 0 ? "fuzz: no failures" : $"fuzz: {failures} failures, inputs in {outDir}")}");
return failures == 0 ? 0 : 1;

namespace LinuxBootSharp.Fuzz
{
    public sealed record FuzzResult(long Executions, int Failures);

    public static class FuzzDriver
    {
        /// <summary>Runs one input with a time limit; returns a description of the failure or null.</summary>
        public static string? RunOne(IFuzzTarget target, byte[] input, TimeSpan limit)
        {
            Exception? caught = null;
            long allocBefore = GC.GetAllocatedBytesForCurrentThread();
            long allocated = 0;
            var th = new Thread(() =>
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                try { target.Run(input); }
                catch (Exception e) { caught = e; }
                allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            }, 16 << 20) { IsBackground = true };
            th.Start();
            if (!th.Join(limit))
                return $"hang: no result after {limit.TotalSeconds} s";
            _ = allocBefore;
            if (caught is not null && !target.IsExpected(caught))
                return $"unexpected {caught.GetType().Name}: {caught.Message}";
            // A parser may allocate a multiple of its input; 512 MiB for any input is runaway.
            if (allocated > 512L << 20)
                return $"runaway allocation: {allocated >> 20} MiB";
            return null;
        }

        public static FuzzResult Fuzz(IFuzzTarget target, TimeSpan duration, int seed, string outDir)
        {
            var rng = new Random(seed ^ target.Name.GetHashCode(StringComparison.Ordinal));
            var corpus = target.Seeds().ToList();
            if (corpus.Count == 0)
                corpus.Add([]);
            var sw = Stopwatch.StartNew();
            long runs = 0;
            int failures = 0;
            while (sw.Elapsed < duration)
            {
                var input = Mutator.Mutate(corpus[rng.Next(corpus.Count)], corpus, rng);
                var failure = RunOne(target, input, TimeSpan.FromSeconds(10));
                runs++;
                if (failure is not null)
                {
                    failures++;
                    Directory.CreateDirectory(outDir);
                    var file = Path.Combine(outDir, $"{target.Name}-{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(input))[..16]}.bin");
                    File.WriteAllBytes(file, input);
                    Console.WriteLine($"{target.Name}: {failure} -> {file}");
                    if (failures >= 20) break;
                }
            }
            return new FuzzResult(runs, failures);
        }
    }

    /// <summary>Byte-level mutations in the style of AFL's havoc stage.</summary>
    public static class Mutator
    {
        private static readonly byte[][] Interesting =
        [
            [0], [0xff], [0x7f], [0x80], [0xff, 0xff, 0xff, 0xff], [0, 0, 0, 0x80], [1, 0, 0, 0],
            "\n"u8.ToArray(), "{"u8.ToArray(), "}"u8.ToArray(), "\""u8.ToArray(), "'"u8.ToArray(), "$"u8.ToArray(), "\\"u8.ToArray(),
        ];

        public static byte[] Mutate(byte[] seed, List<byte[]> corpus, Random rng)
        {
            var data = new List<byte>(seed);
            int n = 1 + rng.Next(8);
            for (int k = 0; k < n; k++)
            {
                switch (rng.Next(7))
                {
                    case 0 when data.Count > 0: data[rng.Next(data.Count)] ^= (byte)(1 << rng.Next(8)); break;
                    case 1 when data.Count > 0: data[rng.Next(data.Count)] = (byte)rng.Next(256); break;
                    case 2 when data.Count > 0:
                        {
                            int at = rng.Next(data.Count);
                            data.RemoveRange(at, Math.Min(data.Count - at, 1 + rng.Next(16)));
                            break;
                        }
                    case 3: data.InsertRange(data.Count == 0 ? 0 : rng.Next(data.Count), Interesting[rng.Next(Interesting.Length)]); break;
                    case 4 when data.Count > 4:
                        {
                            int a = rng.Next(data.Count), len = Math.Min(data.Count - a, 1 + rng.Next(64));
                            data.InsertRange(rng.Next(data.Count), data.GetRange(a, len));
                            break;
                        }
                    case 5:
                        {
                            var other = corpus[rng.Next(corpus.Count)];
                            if (other.Length > 0)
                            {
                                int a = rng.Next(other.Length), len = Math.Min(other.Length - a, 1 + rng.Next(128));
                                data.InsertRange(data.Count == 0 ? 0 : rng.Next(data.Count), other.AsSpan(a, len).ToArray());
                            }
                            break;
                        }
                    case 6 when data.Count > 8:
                        {
                            int a = rng.Next(data.Count - 4);
                            var v = Interesting[rng.Next(7)];
                            for (int j = 0; j < v.Length && a + j < data.Count; j++) data[a + j] = v[j];
                            break;
                        }
                }
            }
            return data.ToArray();
        }
    }
}
