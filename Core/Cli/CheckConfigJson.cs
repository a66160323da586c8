using System.Text.Json.Serialization;

namespace Supervice.Core.Cli;

/// <summary>Source-generated JSON for `check-config --json` (no reflection under AOT).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(CheckConfigReport))]
internal sealed partial class CheckConfigJson : JsonSerializerContext;
