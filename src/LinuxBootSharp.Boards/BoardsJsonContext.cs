using System.Text.Json.Serialization;

namespace LinuxBootSharp.Boards;

[JsonSourceGenerationOptions(ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(BoardProfile))]
internal sealed partial class BoardsJsonContext : JsonSerializerContext;
