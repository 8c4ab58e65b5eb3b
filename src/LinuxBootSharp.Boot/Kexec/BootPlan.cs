using System.Text;

namespace LinuxBootSharp.Boot.Kexec;

/// <summary>The human-readable plan printed by --dry-run and logged before every kexec.</summary>
public static class BootPlan
{
    public static string Describe(StagedImage image)
    {
        var sb = new StringBuilder();
        sb.Append("boot plan: ").Append(image.Request.Title).Append('\n');
        foreach (var f in image.Files)
            sb.Append("  ").Append(f.Role.PadRight(7)).Append(' ').Append(f.Display).Append("  ").Append(f.Size).Append(" bytes")
              .Append(f.Sha256 is null ? "" : "  sha256:" + f.Sha256)
              .Append(f.Sha256 is not null && ExpectedOf(image.Request, f) is not null ? " (verified)" : "").Append('\n');
        if (image.Request.Initrds.Count + (image.Request.Handoff is null ? 0 : 1) > 1)
            sb.Append("  initrds concatenated: ").Append(image.InitrdSize).Append(" bytes\n");
        sb.Append("  cmdline ").Append(image.Request.Cmdline).Append('\n');
        return sb.ToString();
    }

    private static string? ExpectedOf(BootRequest r, StagedFile f) =>
        f.Role == "kernel" ? r.Kernel.ExpectedSha256 : r.Initrds.FirstOrDefault(i => i.Display == f.Display)?.ExpectedSha256;
}
