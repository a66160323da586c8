namespace Supervice.Core.Output;

/// <summary>Receives each chunk a capture worker read, on that worker's thread, before it is logged. Set only while
/// someone wants the bytes (an event listener subscribes), so nothing is copied otherwise.</summary>
public delegate void ChunkTap(ReadOnlySpan<byte> data);
