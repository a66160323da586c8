/* Bench baseline for M6 (Tests/Bench/bench.py): the cheapest way to move a pipe into a file, what a supervisor's
 * output capture could at best do. `dd ... | splice FILE`: the pipe grown to 1 MiB (as Supervice asks for streams that
 * go to a log file), then splice(2) from it into FILE until end of file, no copy through user space. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc != 2) { fprintf(stderr, "usage: splice FILE < pipe\n"); return 2; }
    int out = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0) { perror(argv[1]); return 1; }
    fcntl(0, F_SETPIPE_SZ, 1 << 20);
    for (;;) {
        ssize_t n = splice(0, NULL, out, NULL, 1 << 20, SPLICE_F_MOVE | SPLICE_F_MORE);
        if (n < 0) { perror("splice"); return 1; }
        if (n == 0) break;
    }
    return close(out) == 0 ? 0 : 1;
}
