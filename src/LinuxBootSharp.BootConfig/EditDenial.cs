namespace LinuxBootSharp.BootConfig;

/// <summary>
/// A config rule that forbids editing an entry's kernel command line in the menu, and where it is
/// written, so the menu can say who refused: systemd-boot's loader.conf <c>editor no</c>
/// (loader.conf(5) "editor"), for every Type #1 entry and UKI that loader lists.
/// </summary>
/// <param name="File">Config file as "device:path", e.g. "/dev/vda1:/loader/loader.conf".</param>
/// <param name="Line">1-based line of the rule.</param>
/// <param name="Rule">The rule as written, e.g. "editor no".</param>
public sealed record EditDenial(string File, int Line, string Rule)
{
    /// <summary>"editing disabled by /dev/vda1:/loader/loader.conf line 3 (editor no)".</summary>
    public string Reason => $"editing disabled by {File} line {Line.ToString(System.Globalization.CultureInfo.InvariantCulture)} ({Rule})";

    public override string ToString() => Reason;
}
