using System.Text;

namespace Supervice.Rpc.Web;

/// <summary>The dashboard: one HTML file (style and script inline, no external asset) embedded in the binary as
/// `Supervice.Rpc.Web.dashboard.html`, with the daemon's token put into its meta tag.</summary>
public static class DashboardPage
{
    private static readonly string Template = Load();

    public static byte[] Render(string token) => Encoding.UTF8.GetBytes(Template.Replace("{{TOKEN}}", token, StringComparison.Ordinal));

    private static string Load()
    {
        using var s = typeof(DashboardPage).Assembly.GetManifestResourceStream("Supervice.Rpc.Web.dashboard.html");
        if (s is null) return "<!doctype html><title>supervice</title><p>dashboard page missing from this build</p>";
        using var r = new StreamReader(s, Encoding.UTF8);
        return r.ReadToEnd();
    }
}
