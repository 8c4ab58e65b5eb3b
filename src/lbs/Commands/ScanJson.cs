using System.Text;
using System.Text.Json;
using LinuxBootSharp.Boot.Discovery;
using LinuxBootSharp.BootConfig;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.Cli.Commands;

/// <summary>
/// `lbs scan --json` (schema in docs/scan-json.md, "format_version": 1). Written with
/// Utf8JsonWriter: no serializer metadata in the flash binary, and the property order is fixed.
/// </summary>
internal static class ScanJson
{
    public const int FormatVersion = 1;

    public static string Write(DiscoveryResult r)
    {
        var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("format_version", FormatVersion);
            if (r.Timeout is TimeSpan t && t != Timeout.InfiniteTimeSpan)
                w.WriteNumber("timeout_seconds", t.TotalSeconds);
            else
                w.WriteNull("timeout_seconds");
            w.WriteNumber("scan_ms", Math.Round(r.Elapsed.TotalMilliseconds, 1));
            w.WriteStartArray("disks");
            foreach (var d in r.Disks)
            {
                w.WriteStartObject();
                w.WriteString("name", d.Name);
                w.WriteNumber("index", d.Index);
                w.WriteString("partition_table", d.Scan?.PartitionTable?.Scheme);
                w.WriteString("problem", d.Problem);
                w.WriteBoolean("timed_out", d.TimedOut);
                w.WriteStartArray("file_systems");
                foreach (var tree in d.Trees)
                    Identity(w, tree.Identity);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("entries");
            foreach (var e in r.Entries)
                Entry(w, e);
            w.WriteEndArray();
            w.WriteStartArray("diagnostics");
            foreach (var d in r.Diagnostics)
                Diag(w, d);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray()) + "\n";
    }

    private static void Identity(Utf8JsonWriter w, FileSystemIdentity id)
    {
        w.WriteStartObject();
        w.WriteString("device", id.Device);
        w.WriteString("type", id.Type);
        w.WriteString("uuid", id.Uuid);
        w.WriteString("label", id.Label);
        if (id.PartitionNumber is int p) w.WriteNumber("partition", p); else w.WriteNull("partition");
        w.WriteString("partition_uuid", id.PartitionUuid);
        w.WriteString("partition_label", id.PartitionLabel);
        w.WriteString("partition_type", id.PartitionTypeName ?? id.PartitionType);
        w.WriteString("grub_device", id.GrubDevice);
        w.WriteEndObject();
    }

    private static void File(Utf8JsonWriter w, FileRef f)
    {
        w.WriteStartObject();
        w.WriteString("device", f.Tree.Identity.Device);
        w.WriteString("path", f.Path);
        if (f.Length is long len)
        {
            w.WriteNumber("offset", f.Offset);
            w.WriteNumber("length", len);
        }
        w.WriteEndObject();
    }

    private static void Entry(Utf8JsonWriter w, BootEntry e)
    {
        w.WriteStartObject();
        w.WriteString("title", e.Title);
        w.WriteString("id", e.Id);
        w.WriteString("source", e.Source);
        w.WriteString("source_file", e.SourceFile);
        w.WriteNumber("source_line", e.SourceLine);
        w.WriteStartArray("submenu");
        foreach (var s in e.SubmenuPath)
            w.WriteStringValue(s);
        w.WriteEndArray();
        w.WriteBoolean("default", e.IsDefault);
        w.WriteBoolean("bootable", e.IsBootable);
        w.WriteString("not_bootable_reason", e.NotBootableReason);
        if (e.Kernel is not null) { w.WritePropertyName("kernel"); File(w, e.Kernel); } else w.WriteNull("kernel");
        w.WriteStartArray("initrds");
        foreach (var i in e.Initrds)
            File(w, i);
        w.WriteEndArray();
        if (e.DeviceTree is not null) { w.WritePropertyName("devicetree"); File(w, e.DeviceTree); } else w.WriteNull("devicetree");
        w.WriteString("cmdline", e.Cmdline);
        w.WriteString("version", e.Version);
        w.WriteStartObject("properties");
        foreach (var kv in e.Properties)
            w.WriteString(kv.Key, kv.Value);
        w.WriteEndObject();
        w.WriteStartArray("diagnostics");
        foreach (var d in e.Diagnostics)
            Diag(w, d);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Diag(Utf8JsonWriter w, Diagnostic d)
    {
        w.WriteStartObject();
        w.WriteString("severity", d.Severity switch { Severity.Error => "error", Severity.Warning => "warning", _ => "info" });
        w.WriteString("message", d.Message);
        w.WriteString("file", d.File);
        if (d.Line is int l) w.WriteNumber("line", l); else w.WriteNull("line");
        w.WriteEndObject();
    }
}
