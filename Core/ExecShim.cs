namespace Supervice.Core;

/// <summary>The hidden exec shim: applies what posix_spawn cannot (pdeathsig, user, umask), then execve.</summary>
public static class ExecShim
{
    public const string Verb = "__exec";
    public static int Run(string[] args) => 127;
}
