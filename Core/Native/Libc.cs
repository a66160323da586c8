using System.Runtime.InteropServices;

namespace Supervice.Core.Native;

/// <summary>libc calls. Every P/Invoke of the product lives in Core/Native (one partial class per area).</summary>
internal static unsafe partial class Libc
{
    [LibraryImport("libc", SetLastError = true)]
    public static partial nint write(int fd, byte* buf, nint count);
}
