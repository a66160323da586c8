namespace Supervice.Config.Model;

/// <summary>What a `depends_on` entry waits for (README: Service dependencies and readiness); `running` is the default.</summary>
public enum DependencyCondition { Started, Running, Healthy, Completed }

/// <summary>One `depends_on` entry: a program (all its instances) and its condition, with where it was written.</summary>
public sealed record Dependency(string Program, DependencyCondition Condition, SourceLocation At)
{
    public static string Name(DependencyCondition c) => c switch
    {
        DependencyCondition.Started => "started",
        DependencyCondition.Healthy => "healthy",
        DependencyCondition.Completed => "completed",
        _ => "running",
    };
}
