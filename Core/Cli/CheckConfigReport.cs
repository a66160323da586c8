namespace Supervice.Core.Cli;

/// <summary>The `check-config --json` document.</summary>
public sealed record CheckConfigReport(
    bool Ok,
    string? Config,
    List<CheckConfigProblem> Errors,
    List<CheckConfigProblem> Warnings,
    List<CheckConfigProgram> Programs,
    List<CheckConfigGroup> Groups,
    List<CheckConfigIgnored> Ignored);

public sealed record CheckConfigProblem(string File, int Line, string Message);

public sealed record CheckConfigProgram(string Name, string Group, List<string> Processes, int Priority, int Numprocs, string Command, bool Autostart,
    List<CheckConfigDependency> DependsOn,
    string Kind = "program");

/// <summary>One `depends_on` entry: the program and its condition (`running` when none was written).</summary>
public sealed record CheckConfigDependency(string Program, string Condition);

public sealed record CheckConfigGroup(string Name, int Priority, List<string> Programs, bool Implicit);

public sealed record CheckConfigIgnored(string Kind, string Name, int Priority, List<string> Processes, List<string> Commands);
