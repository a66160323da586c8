namespace Supervice.Core.Native;

/// <summary>errno → the short text users know from strerror.</summary>
public static class Errno
{
    public static string Describe(int errno) => errno switch
    {
        1 => "operation not permitted",
        2 => "no such file or directory",
        4 => "interrupted",
        5 => "I/O error",
        8 => "exec format error",
        11 => "resource temporarily unavailable",
        12 => "out of memory",
        13 => "permission denied",
        17 => "file exists",
        20 => "not a directory",
        21 => "is a directory",
        22 => "invalid argument",
        23 or 24 => "too many open files",
        26 => "text file busy",
        28 => "no space left on device",
        30 => "read-only file system",
        36 => "file name too long",
        40 => "too many levels of symbolic links",
        98 => "address already in use",
        111 => "connection refused",
        _ => $"errno {errno}",
    };
}
