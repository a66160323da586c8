using Supervice.Config.Model;
namespace Supervice.Config.Loading;

/// <summary>What every section parser of one load shares: the files, the options, the host checks, the
/// expansion keys common to all sections, and the diagnostics collected so far.</summary>
internal sealed class LoadContext(ConfigFiles files, LoadOptions options, List<Diagnostic> diagnostics)
{
    public ConfigFiles Files => files;
    public LoadOptions Options => options;
    public List<Diagnostic> Diagnostics => diagnostics;
    public HostChecks Host { get; } = new(options.Portable);
    public SupervisorSettings Settings { get; set; } = new();

    /// <summary>`here`, `host_node_name` and `ENV_X` (LoadOptions.Environment, then `[supervice] environment`).</summary>
    public Dictionary<string, object> CommonKeys { get; } = CreateCommonKeys(options);

    public Dictionary<string, object> BaseKeys(string programName, string groupName) =>
        new(CommonKeys, StringComparer.Ordinal) { ["program_name"] = programName, ["group_name"] = groupName };

    private static Dictionary<string, object> CreateCommonKeys(LoadOptions options)
    {
        var keys = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["here"] = options.WorkingDirectory,
            ["host_node_name"] = options.HostNodeName,
        };
        foreach (var (k, v) in options.Environment) keys["ENV_" + k] = v;
        return keys;
    }
}
