
namespace Supervice.Core.Native.Streams;

/// <summary>Writes to the process's stdout/stderr without System.Console (the daemon must never touch it:
/// Console on a tty installs the runtime's SIGCHLD handling, which would reap our children).</summary>
public static class CliOutput
{
    public static readonly Stream Stdout = new FdStream(1);
    public static readonly Stream Stderr = new FdStream(2);

    /// <summary>Writes text to stdout; returns 0 so callers can use it as an exit code.</summary>
    public static int WriteStdout(string text) { Write(Stdout, text); return 0; }

    public static void WriteStderr(string text) => Write(Stderr, text);

    public static void Write(Stream stream, ReadOnlySpan<byte> bytes)
    {
        try { stream.Write(bytes); }
        catch (IOException) { } // a closed pipe (e.g. `| head`) is not an error worth a trace
    }

    public static void Write(Stream stream, string text) => Write(stream, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Prints a usage error on stderr and returns exit code 2.</summary>
    public static int Usage(string message)
    {
        WriteStderr(message.EndsWith('\n') ? message : message + "\n");
        return 2;
    }
}
