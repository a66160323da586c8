// TEMPORARY: stand-ins for the config branch's types; deleted at merge.
using Supervice.Config;
namespace Supervice.Config;
public static class ConfigDiscovery { public static string? Find(string? p, out string? error) { error = null; return p; } }
public static class ConfigLoader { public static LoadResult Load(string path, LoadOptions o) => throw new NotImplementedException(); }
public sealed record ReloadPlan(List<string> Added, List<string> Removed, List<string> ChangedLive, List<string> NeedsRestart) { public static ReloadPlan Compute(ConfigModel a, ConfigModel b) => throw new NotImplementedException(); }
