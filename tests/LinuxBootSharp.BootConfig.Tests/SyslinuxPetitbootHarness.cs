using LinuxBootSharp.BootConfig.Syslinux;

namespace LinuxBootSharp.BootConfig.Tests;

/// <summary>petitboot test-syslinux-* cases run through <see cref="SyslinuxParser"/>.</summary>
public static class PetitbootSyslinuxHarness
{
    public static string? Run(string expectedJson)
    {
        var (tree, _, doc) = PetitbootChecks.BuildTree(expectedJson);
        using (doc)
        {
            var result = new SyslinuxParser().Parse(tree, [tree]);
            // petitboot lists only what it can boot, and its syslinux parser adds options at the
            // head of its list: get_boot_option(ctx, 0) is the last label of the config.
            // petitboot takes initrd= out of the arguments it boots with; syslinux and we keep it
            // (KnownDeviations rule initrd-arg): compared without it.
            var options = result.Entries.Where(e => e.IsBootable)
                .Select(e => new PetitbootOption(e.Title, e.Kernel?.Path, e.Initrds.Select(i => i.Path).ToList(), ConformanceCorpus.NormalizeCmdline(e.Cmdline), e.IsDefault))
                .Reverse().ToList();
            return PetitbootChecks.Evaluate(doc, options);
        }
    }
}
