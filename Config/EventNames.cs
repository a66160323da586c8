namespace Supervice.Config;

/// <summary>supervisord's event type names (supervisor/events.py): the types a listener may name in `events`, and
/// which supertype covers which type.</summary>
public static class EventNames
{
    public static readonly string[] Supertypes =
        ["EVENT", "PROCESS_STATE", "PROCESS_LOG", "PROCESS_COMMUNICATION", "SUPERVISOR_STATE_CHANGE", "TICK", "PROCESS_GROUP"];

    public static readonly string[] Types =
    [
        "PROCESS_STATE_STOPPED", "PROCESS_STATE_STARTING", "PROCESS_STATE_RUNNING", "PROCESS_STATE_BACKOFF",
        "PROCESS_STATE_STOPPING", "PROCESS_STATE_EXITED", "PROCESS_STATE_FATAL", "PROCESS_STATE_UNKNOWN",
        "PROCESS_LOG_STDOUT", "PROCESS_LOG_STDERR", "PROCESS_COMMUNICATION_STDOUT", "PROCESS_COMMUNICATION_STDERR",
        "REMOTE_COMMUNICATION", "SUPERVISOR_STATE_CHANGE_RUNNING", "SUPERVISOR_STATE_CHANGE_STOPPING",
        "TICK_5", "TICK_60", "TICK_3600", "PROCESS_GROUP_ADDED", "PROCESS_GROUP_REMOVED",
    ];

    public static IEnumerable<string> All => Supertypes.Concat(Types);

    public static bool IsKnown(string name) => Array.IndexOf(Supertypes, name) >= 0 || Array.IndexOf(Types, name) >= 0;

    /// <summary>True when a subscription (a type or a supertype) covers the event type.</summary>
    public static bool Covers(string subscription, string type)
    {
        if (subscription == type || subscription == "EVENT") return true;
        return Array.IndexOf(Supertypes, subscription) >= 0 && type.Length > subscription.Length
            && type.StartsWith(subscription, StringComparison.Ordinal) && type[subscription.Length] == '_';
    }
}
