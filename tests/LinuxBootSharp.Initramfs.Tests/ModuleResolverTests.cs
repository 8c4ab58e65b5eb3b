using LinuxBootSharp.Initramfs;
using LinuxBootSharp.Tests.Shared;

namespace LinuxBootSharp.Initramfs.Tests;

/// <summary>Against the Debian kernel `make` unpacks into build/kernel (the same modules the image carries).</summary>
public sealed class ModuleResolverTests
{
    private static string? ModulesDir()
    {
        var v = Path.Combine(RepoPaths.Build, "kernel", ".version");
        return File.Exists(v) ? Path.Combine(RepoPaths.Build, "kernel", "lib", "modules", File.ReadAllText(v).Trim()) : null;
    }

    private static string Need() => ModulesDir() ?? throw new InvalidOperationException("build/kernel is missing: run `make kernel`");

    [Fact]
    public void DependenciesComeBeforeDependents()
    {
        var order = new ModuleResolver(Need()).Resolve(["ahci", "nvme", "virtio_blk"]).Select(f => KernelModuleInfo.NormalizeName(Path.GetFileName(f).Split('.')[0])).ToList();
        Assert.True(order.IndexOf("libata") < order.IndexOf("libahci"));
        Assert.True(order.IndexOf("libahci") < order.IndexOf("ahci"));
        Assert.True(order.IndexOf("nvme_core") < order.IndexOf("nvme"));
        Assert.True(order.IndexOf("virtio_ring") < order.IndexOf("virtio_blk"));
        Assert.Equal(order.Count, order.Distinct().Count());
    }

    [Fact]
    public void ModinfoMatchesTheKernelToolsView()
    {
        var resolver = new ModuleResolver(Need());
        var file = resolver.Resolve(["sd_mod"]).Last();
        var info = KernelModuleInfo.Read(file);
        Assert.Equal("sd_mod", info.Name);
        Assert.Contains("scsi_mod", info.Depends);
        // modinfo(8) from kmod is the reference for the depends= field.
        var psi = new System.Diagnostics.ProcessStartInfo("/sbin/modinfo", ["-F", "depends", file]) { RedirectStandardOutput = true };
        using var p = System.Diagnostics.Process.Start(psi)!;
        var expected = p.StandardOutput.ReadToEnd().Trim().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(KernelModuleInfo.NormalizeName).Order();
        p.WaitForExit();
        Assert.Equal(expected, info.Depends.Order());
    }

    [Fact]
    public void UnknownModuleIsNamed()
    {
        var e = Assert.Throws<FileNotFoundException>(() => new ModuleResolver(Need()).Resolve(["no_such_driver"]));
        Assert.Contains("no_such_driver", e.Message);
    }

    [Fact]
    public void NonElfIsRejectedWithPath()
    {
        var f = Path.GetTempFileName();
        File.WriteAllText(f, "not an elf file at all, definitely longer than sixty-four bytes ............");
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => KernelModuleInfo.Read(f));
            Assert.Contains(f, e.Message);
        }
        finally
        {
            File.Delete(f);
        }
    }
}
