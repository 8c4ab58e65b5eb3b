using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LinuxBootSharp.Benchmarks;

/// <summary>What the benchmark groups share: cached inputs built by real tools, and run statistics.</summary>
public static class BenchSupport
{
    /// <summary>
    /// Returns <paramref name="path"/>, building it first when missing: into a temporary name that is
    /// then renamed, so an interrupted run never leaves a half-made input behind.
    /// </summary>
    public static string Cached(string path, Action<string> build, bool directory = false)
    {
        if (directory ? Directory.Exists(path) : File.Exists(path))
            return path;
        var tmp = path + ".tmp-" + Environment.ProcessId;
        if (Directory.Exists(tmp))
            Directory.Delete(tmp, true);
        if (File.Exists(tmp))
            File.Delete(tmp);
        if (directory)
            Directory.CreateDirectory(tmp);
        build(tmp);
        if (directory)
            Directory.Move(tmp, path);
        else
            File.Move(tmp, path);
        return path;
    }

    /// <summary>A short hex name for an input recipe (a new recipe gets a new cached input).</summary>
    public static string Hash(string s) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)))[..12];

    /// <summary>Runs a tool to completion; throws with its stderr when it fails.</summary>
    public static void Tool(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        psi.Environment["LC_ALL"] = "C.UTF-8";
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)}: exit {p.ExitCode}: {err.Result}");
    }

    public static double Median(List<double> v) => v.Order().ElementAt(v.Count / 2);

    public static string Runs(List<double> v, string format = "0.#") =>
        "runs " + string.Join(", ", v.Select(x => x.ToString(format, CultureInfo.InvariantCulture)));

    /// <summary>The guest-uptime stamp "[    1.234567]" captured as group 1 of a console match.</summary>
    public static double Stamp(System.Text.RegularExpressions.Match m) => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
}
