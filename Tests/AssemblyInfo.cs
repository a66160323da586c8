[assembly: Parallelize(Scope = ExecutionScope.ClassLevel, Workers = 2)]
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
