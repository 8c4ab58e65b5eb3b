using System.Text;
using LinuxBootSharp.Boot.Discovery;
using LinuxBootSharp.BootConfig;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.Cli.Commands;

/// <summary>
/// `lbs scan --json` (schema in docs/scan-json.md, "format_version": 1). Written with the small
/// <see cref="JsonText"/> writer: no serializer in the flash binary, and the property order is fixed.
/// </summary>
internal static class ScanJson
{
    public const int FormatVersion = 1;

    public static string Write(DiscoveryResult r)
    {
        var w = new JsonText();
        {
            w.StartObject();
            w.Number("format_version", FormatVersion);
            if (r.Timeout is TimeSpan t && t != Timeout.InfiniteTimeSpan)
                w.Number("timeout_seconds", t.TotalSeconds);
            else
                w.Null("timeout_seconds");
            // Menu facts of the default entry's config (issue 12): timeout style, password rules, one-shot default.
            w.String("timeout_style", r.TimeoutStyle.ToString().ToLowerInvariant());
            Words(w, "superusers", r.Superusers);
            w.Bool("default_one_shot", r.DefaultIsOneShot);
            w.Number("scan_ms", Math.Round(r.Elapsed.TotalMilliseconds, 1));
            w.StartArray("disks");
            foreach (var d in r.Disks)
            {
                w.StartObject();
                w.String("name", d.Name);
                w.Number("index", d.Index);
                w.String("partition_table", d.Scan?.PartitionTable?.Scheme);
                w.String("problem", d.Problem);
                w.Bool("timed_out", d.TimedOut);
                w.StartArray("file_systems");
                foreach (var tree in d.Trees)
                    Identity(w, tree.Identity);
                w.EndArray();
                w.EndObject();
            }
            w.EndArray();
            w.StartArray("entries");
            foreach (var e in r.Entries)
                Entry(w, e);
            w.EndArray();
            w.StartArray("diagnostics");
            foreach (var d in r.Diagnostics)
                Diag(w, d);
            w.EndArray();
            w.EndObject();
        }
        return w.ToString() + "\n";
    }

    private static void Identity(JsonText w, FileSystemIdentity id)
    {
        w.StartObject();
        w.String("device", id.Device);
        w.String("type", id.Type);
        w.String("uuid", id.Uuid);
        w.String("label", id.Label);
        if (id.PartitionNumber is int p) w.Number("partition", p); else w.Null("partition");
        w.String("partition_uuid", id.PartitionUuid);
        w.String("partition_label", id.PartitionLabel);
        w.String("partition_type", id.PartitionTypeName ?? id.PartitionType);
        w.String("grub_device", id.GrubDevice);
        w.EndObject();
    }

    private static void File(JsonText w, FileRef f)
    {
        w.StartObject();
        w.String("device", f.Tree.Identity.Device);
        w.String("path", f.Path);
        if (f.Length is long len)
        {
            w.Number("offset", f.Offset);
            w.Number("length", len);
        }
        w.EndObject();
    }

    private static void Entry(JsonText w, BootEntry e)
    {
        w.StartObject();
        w.String("title", e.Title);
        w.String("id", e.Id);
        w.String("source", e.Source);
        w.String("source_file", e.SourceFile);
        w.Number("source_line", e.SourceLine);
        w.StartArray("submenu");
        foreach (var s in e.SubmenuPath)
            w.Value(s);
        w.EndArray();
        w.String("iso_file", e.IsoFile);
        w.Bool("default", e.IsDefault);
        w.Bool("bootable", e.IsBootable);
        w.String("not_bootable_reason", e.NotBootableReason);
        if (e.Kernel is not null) { w.Name("kernel"); File(w, e.Kernel); } else w.Null("kernel");
        w.StartArray("initrds");
        foreach (var i in e.Initrds)
            File(w, i);
        w.EndArray();
        if (e.DeviceTree is not null) { w.Name("devicetree"); File(w, e.DeviceTree); } else w.Null("devicetree");
        w.String("cmdline", e.Cmdline);
        w.String("cmdline_prefix", e.CmdlinePrefix);
        w.String("version", e.Version);
        if (e.EditDenied is EditDenial denied)
        {
            w.StartObject("edit_denied");
            w.String("file", denied.File);
            w.Number("line", denied.Line);
            w.String("rule", denied.Rule);
            w.EndObject();
        }
        else
        {
            w.Null("edit_denied");
        }
        w.Bool("hidden", e.Hidden);
        w.Bool("fallback", e.IsFallback);
        // GRUB menu facts of the entry (issue 12): hotkey, --users/--unrestricted, place in the fallback list.
        w.String("hotkey", e.Hotkey?.ToString());
        Words(w, "users", e.Users);
        w.Bool("unrestricted", e.Unrestricted);
        if (e.FallbackRank is int rank) w.Number("fallback_rank", rank); else w.Null("fallback_rank");
        if (e.Counting is BootCounting c)
        {
            w.StartObject("boot_counting");
            w.Number("tries_left", c.TriesLeft);
            w.Number("tries_done", c.TriesDone);
            w.String("state", c.State);
            w.EndObject();
        }
        else
        {
            w.Null("boot_counting");
        }
        w.StartObject("properties");
        foreach (var kv in e.Properties)
            w.String(kv.Key, kv.Value);
        w.EndObject();
        w.StartArray("diagnostics");
        foreach (var d in e.Diagnostics)
            Diag(w, d);
        w.EndArray();
        w.EndObject();
    }

    private static void Words(JsonText w, string name, IReadOnlyList<string>? words)
    {
        if (words is null)
        {
            w.Null(name);
            return;
        }
        w.StartArray(name);
        foreach (var word in words)
            w.Value(word);
        w.EndArray();
    }

    private static void Diag(JsonText w, Diagnostic d)
    {
        w.StartObject();
        w.String("severity", d.Severity switch { Severity.Error => "error", Severity.Warning => "warning", _ => "info" });
        w.String("message", d.Message);
        w.String("file", d.File);
        if (d.Line is int l) w.Number("line", l); else w.Null("line");
        w.EndObject();
    }
}
