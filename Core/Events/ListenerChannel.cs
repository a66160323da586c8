namespace Supervice.Core.Events;

/// <summary>One run of one listener instance: the write end of its stdin, its protocol state and the event it is
/// working on (sent again at the head of the queue if the run ends or rejects it).</summary>
public sealed class ListenerChannel(int pid, int stdinFd)
{
    public int Pid { get; } = pid;
    public int StdinFd { get; set; } = stdinFd;
    public ListenerProtocol Protocol { get; } = new();
    public SupervisorEvent? InFlight { get; set; }
    public long InFlightPoolSerial { get; set; }
}
