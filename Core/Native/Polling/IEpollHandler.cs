namespace Supervice.Core.Native.Polling;

/// <summary>What an <see cref="EpollLoop"/>'s thread does with what became ready. Implemented by a small struct of its
/// owner, so that the loop, generic over it, calls it directly: no delegate and no interface dispatch per wait.</summary>
internal interface IEpollHandler
{
    /// <summary>Called on the loop's thread after every wait that returned, once per batch. The eventfd's wake-up is
    /// already drained and left out, so ready may be empty (a Wake with nothing else ready).</summary>
    void Ready(ReadOnlySpan<Libc.EpollEvent> ready);
}
