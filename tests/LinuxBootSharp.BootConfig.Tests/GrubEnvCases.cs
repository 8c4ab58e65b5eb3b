using System.Text;
using System.Text.Json;
using LinuxBootSharp.BootConfig.Grub;
using LinuxBootSharp.Storage;
using LinuxBootSharp.Tests.Shared;

namespace LinuxBootSharp.BootConfig.Tests;

/// <summary>
/// petitboot test-grub2-save-env "env_cases": a grubenv before, a script that runs save_env, and
/// the block petitboot writes after. Our save_env edits an in-memory copy with envblk.c's rules.
/// </summary>
public static class GrubEnvCases
{
    public static string FilePath => Path.Combine(GrubPetitbootConformance.Dir, "expected", "test-grub2-save-env.json");

    public sealed record EnvCase(string Name, string Before, string Script, string After);

    public static IReadOnlyList<EnvCase> All()
    {
        if (!RepoPaths.HasCorpus)
            return [];
        using var doc = JsonDocument.Parse(File.ReadAllText(FilePath));
        return doc.RootElement.GetProperty("env_cases").EnumerateArray()
            .Select(c => new EnvCase(c.GetProperty("name").GetString()!, c.GetProperty("grubenv_before").GetString()!,
                c.GetProperty("grub_cfg").GetString()!, c.GetProperty("grubenv_after").GetString()!))
            .ToList();
    }

    /// <summary>The block after running the case's script (unchanged bytes when nothing was saved).</summary>
    public static string Run(EnvCase c)
    {
        var home = new InMemoryFileTree(new FileSystemIdentity { Type = "ext4", Device = "ctx-device" });
        home.AddFile("/boot/grub/grubenv", c.Before);
        var ev = new GrubParser().Evaluate(home, [home], "/boot/grub/grub.cfg", c.Script);
        return ev.SavedEnvironmentBlocks.TryGetValue("ctx-device:/boot/grub/grubenv", out var b) ? Encoding.UTF8.GetString(b) : c.Before;
    }

    /// <summary>
    /// What GRUB leaves for the cases listed in KnownDeviations.md (grub-core/lib/envblk.c and
    /// commands/loadenv.c): a block with no '#' padding after its last newline has no free space,
    /// a block not ending in newline-plus-padding is "broken" and is never changed, and save_env of
    /// an unset variable deletes it instead of writing "name=".
    /// </summary>
    public static readonly Dictionary<string, Func<EnvCase, string>> GrubCorrect = new(StringComparer.Ordinal)
    {
        ["test-grub2-save-env/invalid-insert"] = c => c.Before,
        ["test-grub2-save-env/invalid-shift"] = c => c.Before,
        ["test-grub2-save-env/invalid-reduce"] = c => c.Before,
        ["test-grub2-save-env/dup-replace-first"] = c => c.Before,
        ["test-grub2-save-env/unset-var"] = c => c.Before,
    };
}
