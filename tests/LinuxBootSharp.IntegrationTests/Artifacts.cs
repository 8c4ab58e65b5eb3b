using System.Diagnostics;
using LinuxBootSharp.Tests.Shared;

namespace LinuxBootSharp.IntegrationTests;

/// <summary>What `make` builds and the end-to-end tests boot; a clear failure when it is missing.</summary>
public static class Artifacts
{
    public static string Kernel => Require(Path.Combine(RepoPaths.Build, "kernel", "vmlinuz"));

    public static string Initramfs => Require(Path.Combine(RepoPaths.Build, "initramfs.cpio.xz"));

    public static string Lbs => Require(Path.Combine(RepoPaths.Build, "lbs", "lbs"));

    public static string KernelVersion => File.ReadAllText(Require(Path.Combine(RepoPaths.Build, "kernel", ".version"))).Trim();

    public static string Busybox => Require("/bin/busybox");

    public static string Qemu => Require("/usr/bin/qemu-system-x86_64");

    private static string Require(string path) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing: run `make all` (the Makefile builds and fetches everything the tests boot)");

    /// <summary>A per-test scratch directory under build/testdata/integration.</summary>
    public static string Scratch(string name)
    {
        var d = Path.Combine(RepoPaths.TestData, "integration", name);
        Directory.CreateDirectory(d);
        return d;
    }

    /// <summary>Runs the static lbs on the host: exit code, stdout bytes, stderr text.</summary>
    public static (int Code, byte[] Out, string Err) RunLbs(params string[] args)
    {
        var psi = new ProcessStartInfo(Lbs, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var ms = new MemoryStream();
        p.StandardOutput.BaseStream.CopyTo(ms);
        p.WaitForExit();
        return (p.ExitCode, ms.ToArray(), err.Result);
    }
}
