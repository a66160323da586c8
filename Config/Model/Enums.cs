namespace Supervice.Config.Model;

public enum AutoRestart { False, True, Unexpected }

public enum ReconcilePolicy { Auto, Kill, Warn, Off }

public enum HealthCheckType { None, Tcp, Script, Http }
