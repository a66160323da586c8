namespace Supervice.Config;

public enum Severity { Error, Warning }

/// <summary>One problem found in a config file: `FILE:LINE: error|warning: MESSAGE`.</summary>
public sealed record Diagnostic(string File, int Line, Severity Severity, string Message)
{
    public override string ToString() => $"{File}:{Line}: {(Severity == Severity.Error ? "error" : "warning")}: {Message}";
}
