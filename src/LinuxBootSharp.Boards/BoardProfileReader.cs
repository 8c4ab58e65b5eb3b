using System.Text;
using System.Text.Json;

namespace LinuxBootSharp.Boards;

/// <summary>
/// Reads a board profile with <see cref="Utf8JsonReader"/>, strictly: an unknown property, a
/// wrong type or a missing "name" is an error naming the file, line and byte position.
/// Written by hand instead of a source-generated JsonSerializerContext on purpose: the
/// serializer's converter machinery costs ~0.77 MB of the static binary (~0.28 MB xz),
/// a fifth of the whole flash budget, for one small file format. No reflection either way.
/// </summary>
public static class BoardProfileReader
{
    public static BoardProfile Read(string json, string source)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var r = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            Next(ref r, source);
            Expect(ref r, JsonTokenType.StartObject, source, "a profile object");
            string? name = null, description = null, shell = null;
            Dictionary<string, string> match = [];
            List<string> consoles = [], modules = [];
            var budget = new BoardBudget();
            var menu = new BoardMenu();
            var cmdline = new BoardCmdline();
            List<BoardQuirk> quirks = [];
            while (NextProperty(ref r, source) is string prop)
            {
                switch (prop)
                {
                    case "name": name = ReadString(ref r, source, prop); break;
                    case "description": description = ReadString(ref r, source, prop); break;
                    case "match": match = ReadStringMap(ref r, source, prop); break;
                    case "consoles": consoles = ReadStringList(ref r, source, prop); break;
                    case "modules": modules = ReadStringList(ref r, source, prop); break;
                    case "budget": budget = ReadBudget(ref r, source); break;
                    case "menu": menu = ReadMenu(ref r, source); break;
                    case "cmdline": cmdline = ReadCmdline(ref r, source); break;
                    case "quirks": quirks = ReadQuirks(ref r, source); break;
                    case "recovery_shell": shell = ReadNullableString(ref r, source, prop); break;
                    default: throw Error(ref r, source, $"unknown property \"{prop}\"");
                }
            }
            if (string.IsNullOrWhiteSpace(name))
                throw new InvalidDataException($"{source}: \"name\" is missing or empty");
            return new BoardProfile
            {
                Name = name,
                Description = description ?? "",
                Match = match,
                Consoles = consoles,
                Modules = modules,
                Budget = budget,
                Menu = menu,
                Cmdline = cmdline,
                Quirks = quirks,
                RecoveryShell = shell,
            };
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: invalid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine}: {e.Message}", e);
        }
    }

    private static BoardBudget ReadBudget(ref Utf8JsonReader r, string source)
    {
        Next(ref r, source);
        Expect(ref r, JsonTokenType.StartObject, source, "\"budget\" object");
        long ini = new BoardBudget().InitramfsXzBytes, usr = new BoardBudget().UserlandXzBytes, lbs = new BoardBudget().LbsBytes;
        while (NextProperty(ref r, source) is string p)
        {
            switch (p)
            {
                case "initramfs_xz_bytes": ini = ReadLong(ref r, source, p); break;
                case "userland_xz_bytes": usr = ReadLong(ref r, source, p); break;
                case "lbs_bytes": lbs = ReadLong(ref r, source, p); break;
                default: throw Error(ref r, source, $"unknown property \"budget.{p}\"");
            }
        }
        return new BoardBudget { InitramfsXzBytes = ini, UserlandXzBytes = usr, LbsBytes = lbs };
    }

    private static BoardMenu ReadMenu(ref Utf8JsonReader r, string source)
    {
        Next(ref r, source);
        Expect(ref r, JsonTokenType.StartObject, source, "\"menu\" object");
        int? timeout = null;
        int deadline = new BoardMenu().DeviceDeadlineMs;
        while (NextProperty(ref r, source) is string p)
        {
            switch (p)
            {
                case "timeout_seconds":
                    Next(ref r, source);
                    timeout = r.TokenType == JsonTokenType.Null ? null : (int)Number(ref r, source, p);
                    break;
                case "device_deadline_ms": deadline = (int)ReadLong(ref r, source, p); break;
                default: throw Error(ref r, source, $"unknown property \"menu.{p}\"");
            }
        }
        return new BoardMenu { TimeoutSeconds = timeout, DeviceDeadlineMs = deadline };
    }

    private static BoardCmdline ReadCmdline(ref Utf8JsonReader r, string source)
    {
        Next(ref r, source);
        Expect(ref r, JsonTokenType.StartObject, source, "\"cmdline\" object");
        List<string> append = [], remove = [];
        while (NextProperty(ref r, source) is string p)
        {
            switch (p)
            {
                case "append": append = ReadStringList(ref r, source, p); break;
                case "remove": remove = ReadStringList(ref r, source, p); break;
                default: throw Error(ref r, source, $"unknown property \"cmdline.{p}\"");
            }
        }
        return new BoardCmdline { Append = append, Remove = remove };
    }

    private static List<BoardQuirk> ReadQuirks(ref Utf8JsonReader r, string source)
    {
        Next(ref r, source);
        Expect(ref r, JsonTokenType.StartArray, source, "\"quirks\" array");
        var list = new List<BoardQuirk>();
        while (true)
        {
            Next(ref r, source);
            if (r.TokenType == JsonTokenType.EndArray)
                return list;
            Expect(ref r, JsonTokenType.StartObject, source, "a quirk object");
            string? kind = null, target = null, value = null, reason = null;
            while (NextProperty(ref r, source) is string p)
            {
                switch (p)
                {
                    case "kind": kind = ReadString(ref r, source, p); break;
                    case "target": target = ReadString(ref r, source, p); break;
                    case "value": value = ReadNullableString(ref r, source, p); break;
                    case "reason": reason = ReadString(ref r, source, p); break;
                    default: throw Error(ref r, source, $"unknown property \"quirks[].{p}\"");
                }
            }
            if (kind is null || target is null)
                throw Error(ref r, source, "a quirk needs \"kind\" and \"target\"");
            list.Add(new BoardQuirk { Kind = kind, Target = target, Value = value, Reason = reason ?? "" });
        }
    }

    /// <summary>Advances to the next property name of the current object; null at its end.</summary>
    private static string? NextProperty(ref Utf8JsonReader r, string source)
    {
        Next(ref r, source);
        if (r.TokenType == JsonTokenType.EndObject)
            return null;
        Expect(ref r, JsonTokenType.PropertyName, source, "a property name");
        return r.GetString();
    }

    private static string ReadString(ref Utf8JsonReader r, string source, string prop)
    {
        Next(ref r, source);
        Expect(ref r, JsonTokenType.String, source, $"a string for \"{prop}\"");
        return r.GetString()!;
    }

    private static string? ReadNullableString(ref Utf8JsonReader r, string source, string prop)
    {
        Next(ref r, source);
        if (r.TokenType == JsonTokenType.Null)
            return null;
        Expect(ref r, JsonTokenType.String, source, $"a string or null for \"{prop}\"");
        return r.GetString();
    }

    private static long ReadLong(ref Utf8JsonReader r, string source, string prop)
    {
        Next(ref r, source);
        return Number(ref r, source, prop);
    }

    private static long Number(ref Utf8JsonReader r, string source, string prop)
    {
        Expect(ref r, JsonTokenType.Number, source, $"a number for \"{prop}\"");
        if (!r.TryGetInt64(out var v))
            throw Error(ref r, source, $"\"{prop}\" is not an integer");
        return v;
    }

    private static List<string> ReadStringList(ref Utf8JsonReader r, string source, string prop)
    {
        Next(ref r, source);
        Expect(ref r, JsonTokenType.StartArray, source, $"an array of strings for \"{prop}\"");
        var list = new List<string>();
        while (true)
        {
            Next(ref r, source);
            if (r.TokenType == JsonTokenType.EndArray)
                return list;
            Expect(ref r, JsonTokenType.String, source, $"a string in \"{prop}\"");
            list.Add(r.GetString()!);
        }
    }

    private static Dictionary<string, string> ReadStringMap(ref Utf8JsonReader r, string source, string prop)
    {
        Next(ref r, source);
        Expect(ref r, JsonTokenType.StartObject, source, $"an object of strings for \"{prop}\"");
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        while (NextProperty(ref r, source) is string k)
            d[k] = ReadString(ref r, source, prop + "." + k);
        return d;
    }

    private static void Next(ref Utf8JsonReader r, string source)
    {
        if (!r.Read())
            throw new InvalidDataException($"{source}: unexpected end of JSON");
    }

    private static void Expect(ref Utf8JsonReader r, JsonTokenType t, string source, string what)
    {
        if (r.TokenType != t)
            throw Error(ref r, source, $"expected {what}, found {r.TokenType}");
    }

    private static InvalidDataException Error(ref Utf8JsonReader r, string source, string message) =>
        new($"{source}: byte {r.TokenStartIndex}: {message}");
}
