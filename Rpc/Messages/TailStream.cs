namespace Supervice.Rpc.Messages;

public enum TailStream { Stdout, Stderr }
