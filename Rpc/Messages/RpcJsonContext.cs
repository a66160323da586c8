using System.Text.Json.Serialization;

namespace Supervice.Rpc.Messages;

/// <summary>Source-generated JSON for replies (no reflection). Requests are parsed by <see cref="Wire.RequestParser"/>
/// and written by <see cref="Client.RequestWriter"/>, which need field-by-field errors the serializer cannot give.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RpcReply))]
public partial class RpcJsonContext : JsonSerializerContext;
