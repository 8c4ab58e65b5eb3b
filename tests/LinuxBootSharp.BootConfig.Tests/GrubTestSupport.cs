using LinuxBootSharp.BootConfig.Grub;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.BootConfig.Tests;

/// <summary>Helpers for the GRUB tests: in-memory volumes with identities and one-call evaluation.</summary>
public static class GrubTestSupport
{
    public static InMemoryFileTree Volume(string device, string? uuid = null, string? label = null, int? disk = null, int? part = null,
        string scheme = "gpt", string type = "ext4") =>
        new(new FileSystemIdentity
        {
            Type = type,
            Device = device,
            Uuid = uuid,
            Label = label,
            DiskIndex = disk,
            PartitionNumber = part,
            PartitionScheme = part is null ? null : scheme,
        });

    /// <summary>Runs <paramref name="script"/> as /boot/grub/grub.cfg of <paramref name="home"/> (a fresh volume when null).</summary>
    public static GrubEvaluation Eval(string script, InMemoryFileTree? home = null, IReadOnlyList<IFileTree>? others = null,
        ILoopbackOpener? loopback = null, GrubLimits? limits = null, string path = "/boot/grub/grub.cfg")
    {
        home ??= Volume("/dev/vda2", uuid: "11111111-2222-3333-4444-555555555555", disk: 0, part: 2);
        home.AddFile(path, script);
        var volumes = new List<IFileTree> { home };
        if (others is not null)
            volumes.AddRange(others);
        return new GrubParser(loopback, limits).Evaluate(home, volumes, path);
    }

    public static BootEntry Single(GrubEvaluation e) => Assert.Single(e.Result.Entries);

    public static string Echoed(GrubEvaluation e) => string.Join("\n", e.Echoes.Select(a => string.Join("|", a)));

    public static string AllDiagnostics(GrubEvaluation e) =>
        string.Join("\n", e.Result.Diagnostics.Concat(e.Result.Entries.SelectMany(x => x.Diagnostics)).Select(d => d.ToString()));

    /// <summary>A corpus case directory as a file system: identity from its UUID/LABEL/PARTLABEL/TYPE files
    /// (corpus README), device name = the directory name.</summary>
    public static DirectoryFileTree CaseVolume(string dir)
    {
        string? Read(string f)
        {
            var p = Path.Combine(dir, f);
            return File.Exists(p) ? File.ReadAllText(p).Trim() : null;
        }
        var id = new FileSystemIdentity
        {
            Type = Read("TYPE") ?? "ext4",
            Device = Path.GetFileName(dir),
            Uuid = Read("UUID"),
            Label = Read("LABEL"),
            PartitionLabel = Read("PARTLABEL"),
        };
        return new DirectoryFileTree(dir, id);
    }
}
