using System.Text.Json.Serialization;

namespace Supervice.Rpc;

/// <summary>Source-generated JSON for replies (no reflection). Requests are parsed by <see cref="RequestParser"/>
/// and written by <see cref="RequestWriter"/>, which need field-by-field errors the serializer cannot give.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RpcReply))]
public partial class RpcJsonContext : JsonSerializerContext;
