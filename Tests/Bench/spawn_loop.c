/* Bench baseline for M1 (Tests/Bench/bench.py): start N `/bin/sleep 100000` children as fast as a C loop
 * can, then wait to be killed.  The harness times launch -> all N children exist, exactly as for M1.
 *   spawn_loop posix_spawn N   posix_spawn(3) with POSIX_SPAWN_SETSID (no pdeathsig: posix_spawn has none)
 *   spawn_loop vfork N         vfork(2); the child does setsid, prctl(PR_SET_PDEATHSIG, SIGKILL), the
 *                              getppid() re-check, then execve: what a supervisor with pdeathsig must do. */
#define _GNU_SOURCE
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv)
{
    if (argc != 3) { fprintf(stderr, "usage: spawn_loop posix_spawn|vfork N\n"); return 2; }
    int n = atoi(argv[2]);
    int use_vfork = strcmp(argv[1], "vfork") == 0;
    char *child_argv[] = { "/bin/sleep", "100000", NULL };
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID);
    pid_t self = getpid();
    for (int i = 0; i < n; i++) {
        pid_t pid;
        if (use_vfork) {
            pid = vfork();
            if (pid == 0) {
                setsid();
                prctl(PR_SET_PDEATHSIG, SIGKILL);
                if (getppid() != self) _exit(127);
                execve(child_argv[0], child_argv, environ);
                _exit(127);
            }
            if (pid < 0) { perror("vfork"); return 1; }
        } else if (posix_spawn(&pid, child_argv[0], NULL, &attr, child_argv, environ) != 0) {
            perror("posix_spawn");
            return 1;
        }
    }
    for (;;) pause();
}
