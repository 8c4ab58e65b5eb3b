using LinuxBootSharp.Storage;

namespace LinuxBootSharp.BootConfig;

/// <summary>
/// A boot-config parser. Pure: reads only through <see cref="IFileTree"/>, never throws for
/// bad input (returns diagnostics), and bounds its own work.
/// </summary>
public interface IBootConfigParser
{
    /// <summary>"grub", "bls", "uki", "syslinux".</summary>
    string Name { get; }

    /// <summary>
    /// Reads the configs on <paramref name="tree"/>. <paramref name="volumes"/> are all scanned
    /// file systems (including <paramref name="tree"/>), for GRUB <c>search</c> and
    /// cross-partition references such as an ESP config pointing at /boot.
    /// Returns an empty result when the tree has no config of this kind.
    /// </summary>
    ConfigParseResult Parse(IFileTree tree, IReadOnlyList<IFileTree> volumes);
}
