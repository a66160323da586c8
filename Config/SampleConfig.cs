namespace Supervice.Config;

/// <summary>The annotated example configuration embedded in the binary (`supervice sample-config`, `make run`).</summary>
public static class SampleConfig
{
    public static string Text()
    {
        using var s = typeof(SampleConfig).Assembly.GetManifestResourceStream("sample.conf")!;
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }
}
