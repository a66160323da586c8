namespace Supervice.Rpc;

public enum TailStream { Stdout, Stderr }
