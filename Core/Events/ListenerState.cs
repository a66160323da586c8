namespace Supervice.Core.Events;

/// <summary>supervisord's EventListenerStates: waiting for READY, ready for an event, busy with one, broken.</summary>
public enum ListenerState { Acknowledged, Ready, Busy, Unknown }
