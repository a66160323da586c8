/* Bench baseline for M1 (Tests/Bench/bench.py): start N `/bin/sleep 100000` children as fast as a C loop
 * can, then wait to be killed.  The harness times launch -> all N children exist, exactly as for M1.
 *   spawn_loop posix_spawn N   posix_spawn(3) with POSIX_SPAWN_SETSID (no pdeathsig: posix_spawn has none)
 *   spawn_loop vfork N         vfork(2); the child does setsid, prctl(PR_SET_PDEATHSIG, SIGKILL), the
 *                              getppid() re-check, then execve: what a supervisor with pdeathsig must do.
 *   spawn_loop supervise N DIR the vfork loop plus what Supervice does for each child besides: a fresh cgroup
 *                              DIR/pNNNN (mkdir in the parent; the child writes itself into its cgroup.procs
 *                              before exec) and a stdout and a stderr pipe whose read ends the parent keeps,
 *                              non-blocking. The C floor of the same work per child (no logging, no state). */
#define _GNU_SOURCE
#include <signal.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv)
{
    int supervise = argc == 4 && strcmp(argv[1], "supervise") == 0;
    if (argc != 3 && !supervise) { fprintf(stderr, "usage: spawn_loop posix_spawn|vfork N | supervise N CGROUP_DIR\n"); return 2; }
    int n = atoi(argv[2]);
    int use_vfork = supervise || strcmp(argv[1], "vfork") == 0;
    if (supervise) { /* two pipe read ends kept per child, as a supervisor keeps them */
        struct rlimit lim;
        if (getrlimit(RLIMIT_NOFILE, &lim) == 0) { lim.rlim_cur = lim.rlim_max; setrlimit(RLIMIT_NOFILE, &lim); }
    }
    char *child_argv[] = { "/bin/sleep", "100000", NULL };
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID);
    pid_t self = getpid();
    for (int i = 0; i < n; i++) {
        pid_t pid;
        char procs[4096];
        int out[2] = { -1, -1 }, err[2] = { -1, -1 };
        if (supervise) {
            char dir[4000];
            snprintf(dir, sizeof dir, "%s/p%04d", argv[3], i);
            if (mkdir(dir, 0755) != 0) { perror("mkdir"); return 1; }
            snprintf(procs, sizeof procs, "%s/cgroup.procs", dir);
            if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) { perror("pipe2"); return 1; }
            fcntl(out[0], F_SETFL, O_NONBLOCK);
            fcntl(err[0], F_SETFL, O_NONBLOCK);
        }
        if (use_vfork) {
            pid = vfork();
            if (pid == 0) {
                if (supervise) {
                    int fd = open(procs, O_WRONLY | O_CLOEXEC);
                    if (fd < 0 || write(fd, "0", 1) != 1) _exit(126);
                    close(fd);
                    dup2(out[1], 1);
                    dup2(err[1], 2);
                }
                setsid();
                prctl(PR_SET_PDEATHSIG, SIGKILL);
                if (getppid() != self) _exit(127);
                execve(child_argv[0], child_argv, environ);
                _exit(127);
            }
            if (pid < 0) { perror("vfork"); return 1; }
            if (supervise) { close(out[1]); close(err[1]); }
        } else if (posix_spawn(&pid, child_argv[0], NULL, &attr, child_argv, environ) != 0) {
            perror("posix_spawn");
            return 1;
        }
    }
    for (;;) pause();
}
