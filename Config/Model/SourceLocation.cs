namespace Supervice.Config.Model;

/// <summary>Where a value came from: FILE:LINE.</summary>
public readonly record struct SourceLocation(string File, int Line)
{
    public override string ToString() => $"{File}:{Line}";
}
