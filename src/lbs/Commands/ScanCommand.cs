using LinuxBootSharp.CommandLine;
using System.Globalization;
using System.Text;
using LinuxBootSharp.Boot.Discovery;
using LinuxBootSharp.Boot.Targets;
using LinuxBootSharp.BootConfig;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.Cli.Commands;

/// <summary>
/// `lbs scan [TARGET...] [--json] [--deadline MS]`: every boot entry on the given disks, images or
/// directories (all disks of the machine without TARGET), in the order the menu shows them: each
/// disk's configs' own order, disks in disk order; the default is flagged (*) where it is, not moved.
/// The JSON form is documented in docs/scan-json.md and stable.
/// </summary>
public sealed class ScanCommand : ICommand
{
    public string Name => "scan";

    public string Usage => "scan [TARGET...] [--json] [--deadline MS]   boot entries on disks, images or directories";

    public int Run(string[] args)
    {
        var targets = new List<string>();
        bool json = false;
        int deadlineMs = 2000;
        try
        {
            var r = new ArgReader(args);
            while (!r.Done)
            {
                if (r.TryFlag("--json")) json = true;
                else if (r.TryValue("--deadline", out var d))
                    deadlineMs = int.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms > 0 ? ms : throw new UsageException($"--deadline {d}: expected milliseconds");
                else if (r.TryOperand(out var t)) targets.Add(t);
                else throw new UsageException($"unknown option '{r.Peek}'");
            }
        }
        catch (UsageException e)
        {
            StandardStreams.Error.WriteLine($"lbs scan: {e.Message}\nusage: lbs {Usage}");
            return 2;
        }

        IReadOnlyList<DiskSource> sources;
        try
        {
            sources = targets.Count == 0 ? MachineDisks.Sources() : targets.Select(DiskTargets.Source).ToList();
        }
        catch (StorageException e)
        {
            StandardStreams.Error.WriteLine($"lbs scan: {e.Message}");
            return 1;
        }
        var result = new DiscoveryEngine(TimeSpan.FromMilliseconds(deadlineMs)).Run(sources);
        var text = json ? ScanJson.Write(result) : ScanTable.Write(result);
        var stdout = StandardStreams.OpenOutput();
        stdout.Write(Encoding.UTF8.GetBytes(text));
        stdout.Flush();
        return 0;
    }
}

/// <summary>The human form: one row per entry, then the problems.</summary>
internal static class ScanTable
{
    public static string Write(DiscoveryResult r)
    {
        var sb = new StringBuilder();
        foreach (var d in r.Disks)
        {
            sb.Append("disk ").Append(d.Name).Append(": ");
            if (d.Problem is not null)
                sb.Append(d.Problem);
            else
                sb.Append(d.Scan?.PartitionTable?.Scheme ?? (d.Scan is null ? "directory" : "no partition table")).Append(", ")
                  .Append(d.Trees.Count == 0 ? "no readable file system" : string.Join(", ", d.Trees.Select(t => $"{t.Identity.Device} {t.Identity.Type}{(t.Identity.Label is { Length: > 0 } l ? $" '{l}'" : "")}")));
            sb.Append('\n');
        }
        sb.Append('\n');
        const string fmt = "{0,3} {1,1} {2,-8} {3,-40} {4}\n";
        sb.AppendFormat(CultureInfo.InvariantCulture, fmt, "#", "*", "SOURCE", "TITLE", "KERNEL / CMDLINE");
        int n = 0;
        foreach (var e in r.Entries)
        {
            n++;
            var title = (e.SubmenuPath.Count > 0 ? string.Join(" > ", e.SubmenuPath) + " > " : "") + e.Title;
            if (title.Length > 40)
                title = title[..37] + "...";
            sb.AppendFormat(CultureInfo.InvariantCulture, fmt, n, e.IsDefault ? "*" : "", e.Source, title, e.Kernel?.Display ?? "-");
            if (e.NotBootableReason is not null)
                sb.AppendFormat(CultureInfo.InvariantCulture, fmt, "", "", "", "", "NOT BOOTABLE: " + e.NotBootableReason);
            foreach (var i in e.Initrds)
                sb.AppendFormat(CultureInfo.InvariantCulture, fmt, "", "", "", "", "initrd " + i.Display);
            sb.AppendFormat(CultureInfo.InvariantCulture, fmt, "", "", "", "", "cmdline " + e.Cmdline);
            if (MenuFacts(e) is { Length: > 0 } facts)
                sb.AppendFormat(CultureInfo.InvariantCulture, fmt, "", "", "", "", facts);
            foreach (var diag in e.Diagnostics)
                sb.AppendFormat(CultureInfo.InvariantCulture, fmt, "", "", "", "", diag.ToString());
        }
        if (r.Entries.Count == 0)
            sb.Append("no boot entries found\n");
        // Notes (severity info) are in the JSON form; the table shows warnings and errors.
        var problems = r.Diagnostics.Where(d => d.Severity != Severity.Info).ToList();
        if (problems.Count > 0)
        {
            sb.Append("\nproblems:\n");
            foreach (var d in problems)
                sb.Append("  ").Append(d).Append('\n');
        }
        if (r.TimeoutStyle != MenuTimeoutStyle.Menu)
            sb.Append("\ntimeout style ").Append(r.TimeoutStyle.ToString().ToLowerInvariant()).Append(": the menu shows only on a key press\n");
        if (r.Superusers is { } su)
            sb.Append("superusers ").Append(su.Count > 0 ? string.Join(", ", su) : "(empty)").Append(": GRUB asks for a password; lbs does not\n");
        if (r.DefaultIsOneShot)
            sb.Append("default is one-shot (next_entry): GRUB would clear it; lbs does not write\n");
        int notes = r.Diagnostics.Count - problems.Count;
        sb.Append(CultureInfo.InvariantCulture, $"\n{r.Entries.Count} entries, {notes} notes (--json shows them), timeout {(r.Timeout is TimeSpan t ? (t == Timeout.InfiniteTimeSpan ? "none" : t.TotalSeconds + " s") : "not set")}, scanned in {r.Elapsed.TotalMilliseconds:0} ms\n");
        return sb.ToString();
    }

    /// <summary>"hotkey x, users: alice, fallback #1": GRUB's menu facts of one entry, or "".</summary>
    private static string MenuFacts(BootEntry e)
    {
        var parts = new List<string>();
        if (e.Hotkey is MenuHotkey k)
            parts.Add($"hotkey {k}");
        if (e.Unrestricted)
            parts.Add("unrestricted");
        else if (e.Users is { } users)
            parts.Add(users.Count > 0 ? $"users: {string.Join(", ", users)}" : "users: superusers only");
        if (e.FallbackRank is int rank)
            parts.Add($"fallback #{(rank + 1).ToString(CultureInfo.InvariantCulture)}");
        if (e.Hidden)
            parts.Add("hidden");
        return string.Join(", ", parts);
    }
}
