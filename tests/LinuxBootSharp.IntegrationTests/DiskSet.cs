using System.Diagnostics;
using LinuxBootSharp.Tests.Shared;

namespace LinuxBootSharp.IntegrationTests;

/// <summary>
/// The demo/test disk set of qemu/make-disks.sh (see qemu/README.md): built by `make test` and
/// `make qemu` with the real tools; built here too (cached by the script) so a test run on its own works.
/// </summary>
public static class DiskSet
{
    private static readonly object Gate = new();

    public static string Dir => System.IO.Path.Combine(RepoPaths.Build, "disks");

    public static string Path(string file) => System.IO.Path.Combine(Dir, file);

    public static void Ensure()
    {
        lock (Gate)
        {
            var psi = new ProcessStartInfo(System.IO.Path.Combine(RepoPaths.Root, "qemu", "make-disks.sh"), [Dir, Artifacts.Kernel])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = RepoPaths.Root,
            };
            using var p = Process.Start(psi)!;
            var err = p.StandardError.ReadToEndAsync();
            var o = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0)
                throw new InvalidOperationException($"qemu/make-disks.sh failed ({p.ExitCode}):\n{o}\n{err.Result}");
        }
    }

    /// <summary>QEMU arguments attaching the whole set (q35 machine; one argument per line in qemu-args.txt).</summary>
    public static List<string> QemuArgs()
    {
        Ensure();
        var args = new List<string> { "-machine", "q35" };
        args.AddRange(File.ReadAllLines(Path("qemu-args.txt")).Where(l => l.Length > 0));
        return args;
    }
}
