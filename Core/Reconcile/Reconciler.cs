using Microsoft.Extensions.Logging;
using ZLogger;

using Supervice.Config;
using Supervice.Config.Model;
using Supervice.Core.Engine;
using Supervice.Core.Lifecycle;
using Supervice.Core.Native;
using Supervice.Core.Reap;

namespace Supervice.Core.Reconcile;

/// <summary>Startup reconciliation (README: Resilience): before autostart, every child the previous daemon recorded whose
/// identity (start time and pgid) still matches is killed or warned about, with the policy of the CURRENT config
/// for its name (the recorded one only when the name is gone). It never adopts orphans and never blocks startup.</summary>
public static class Reconciler
{
    /// <summary>How long a killed orphan group gets after SIGTERM before SIGKILL.</summary>
    public const int KillBoundMs = 2000;

    /// <summary>The pure decision for one record. currentToken: the pid's token now (null: gone);
    /// current: the configured spec with the record's name, if any; ownGroup: the daemon's process group.</summary>
    public static ReconcileDecision Decide(StateRecord record, string? currentToken, ProcessSpec? current, int ownGroup)
    {
        var policy = current?.Reconcile ?? record.Reconcile;
        var pdeathsig = current?.PdeathSig ?? record.PdeathSig;
        if (policy == ReconcilePolicy.Off) return new(ReconcileAction.Skip, "reconcile=off");
        if (currentToken is null) return new(ReconcileAction.Skip, "gone");
        if (currentToken != record.Token) return new(ReconcileAction.NotOurs, "start token differs; pid was recycled");
        // README: Security: pid, token and pgid must all match /proc, and init's group or our own is never signalled.
        int group = ProcessIdentity.PgidOf(currentToken);
        if (record.Pid <= 1 || record.Pid == Environment.ProcessId) return new(ReconcileAction.NotOurs, $"pid {record.Pid} is {(record.Pid == 1 ? "init" : "the daemon itself")}");
        if (record.Pgid != 0 && record.Pgid != group) return new(ReconcileAction.NotOurs, $"the recorded process group {record.Pgid} is not the process's own group {group}");
        if (group <= 1) return new(ReconcileAction.NotOurs, $"its process group is {group}, which is never signalled");
        if (group == ownGroup) return new(ReconcileAction.NotOurs, $"it is in the daemon's own process group {group}");
        return policy switch
        {
            ReconcilePolicy.Kill => new(ReconcileAction.Kill, "orphan of a previous supervisor (reconcile=kill)"),
            ReconcilePolicy.Warn => new(ReconcileAction.Warn, "orphan of a previous supervisor (reconcile=warn)"),
            _ when pdeathsig => new(ReconcileAction.Kill, "orphan of a previous supervisor (pdeathsig was requested)"),
            _ => new(ReconcileAction.Warn, "orphan of a previous supervisor; pdeathsig=false so it is left running -- starting this program will create duplicates"),
        };
    }

    /// <summary>Acts on the records (on the loop, before autostart) and returns those whose processes are still
    /// ours and alive, for the new state file to remember until they are gone; `killed` gets the pids signalled,
    /// so autostart can wait for them (an old process may still hold the port its replacement needs).</summary>
    public static List<StateRecord> Run(IReadOnlyList<StateRecord> records, Supervisor supervisor, ILogger log, List<int> killed)
    {
        var carried = new List<StateRecord>();
        int killedGroups = 0;
        foreach (var record in records)
        {
            try
            {
                var token = ProcessIdentity.Token(record.Pid);
                var decision = Decide(record, token, supervisor.Find(record.Name)?.Spec, Libc.getpgrp());
                if (token is not null && token == record.Token && decision.Action != ReconcileAction.NotOurs) carried.Add(record);
                switch (decision.Action)
                {
                    case ReconcileAction.NotOurs:
                        log.ZLogInformation($"Program '{record.Name}': pid {record.Pid} is alive but is NOT ours ({decision.Reason}) - not touching it");
                        break;
                    case ReconcileAction.Warn:
                        log.ZLogWarning($"Program '{record.Name}': pid {record.Pid} is still running - {decision.Reason}");
                        break;
                    case ReconcileAction.Kill:
                        if (Kill(record, supervisor, log, killed)) killedGroups++;
                        log.ZLogWarning($"Program '{record.Name}': killed orphaned process group {record.Pgid} (pid {record.Pid}) - {decision.Reason}");
                        break;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                log.ZLogWarning($"Program '{record.Name}': reconciliation check failed for pid {record.Pid}; leaving it alone");
            }
        }
        if (killedGroups > 0) log.ZLogWarning($"Reconciled {killedGroups} orphaned process group(s) from a previous supervisor");
        return carried;
    }

    /// <summary>SIGTERM the recorded group, then SIGKILL it after a bound, but only while a member seen before the
    /// SIGTERM still carries its token (a pgid cannot be reused while any member of the group lives).</summary>
    private static bool Kill(StateRecord record, Supervisor supervisor, ILogger log, List<int> killed)
    {
        var members = record.Pgid > 0 ? GroupMembers(record.Pgid) : [];
        members.Add((record.Pid, record.Token));
        killed.AddRange(members.Select(m => m.Pid));
        bool sent = (record.Pgid > 0 && ProcessSignals.SendToGroup(record.Pgid, Signals.SIGTERM)) | ProcessSignals.Send(record.Pid, Signals.SIGTERM);
        supervisor.After(KillBoundMs, () =>
        {
            var left = members.Where(m => ProcessIdentity.Token(m.Pid) == m.Token && ProcessIdentity.Stat(m.Pid) is { State: not 'Z' }).ToList();
            if (left.Count == 0) return;
            log.ZLogWarning($"Program '{record.Name}': {left.Count} orphaned process(es) of group {record.Pgid} ignored SIGTERM for {KillBoundMs / 1000}s; sending SIGKILL");
            if (record.Pgid > 0) ProcessSignals.SendToGroup(record.Pgid, Signals.SIGKILL);
            foreach (var m in left) ProcessSignals.Send(m.Pid, Signals.SIGKILL);
        });
        return sent;
    }

    private static List<(int Pid, string Token)> GroupMembers(int pgid)
    {
        var members = new List<(int, string)>();
        foreach (var pid in ProcTable.Pids())
            if (ProcessIdentity.Token(pid) is { } token && ProcessIdentity.PgidOf(token) == pgid) members.Add((pid, token));
        return members;
    }
}
