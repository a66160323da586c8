// supervice_spawn: one vfork + execve per child, with everything posix_spawn cannot do applied in the child.
// The managed side fills a plan in native memory beforehand; the child runs only the C code below (never managed
// code: a child forked while another thread started a GC would wait forever for it), then execs or _exits.
// The child is a clone(CLONE_VM | CLONE_VFORK | CLONE_FILES) on a stack of its own: like vfork, it suspends the calling
// thread until the child has exec'd or exited, so the outcome is known on return, and the child reports a failure
// (stage, errno) through the plan, which it shares with the parent. CLONE_FILES: the child does not copy the daemon's
// fd table (thousands of pipes and pidfds with many children) only to close it again, which made each spawn cost
// O(open fds); its first call, close_range(lo, ~0, CLOSE_RANGE_UNSHARE), gives it a private table of fds 0..lo-1
// only, and the sources of its fd moves are parked below lo beforehand, in slots the process reserved at its
// first spawn (see park_sources). With a cgroup, the child is a clone3(CLONE_INTO_CGROUP) born in its group (see
// clone_into_cgroup); where clone3 is refused (kernel < 5.7, seccomp) it writes itself into cgroup.procs instead.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

enum { STAGE_NONE = 0, STAGE_CREDENTIALS = 1, STAGE_EXEC = 2, STAGE_CGROUP = 3, STAGE_CHDIR = 4 };

// Keep in step with Core/Native/NativeSpawn.cs (SpawnPlan).
struct supervice_spawn_plan {
    const char *path;
    char *const *argv;
    char *const *envp;
    const char *dir;            // NULL: keep the parent's
    const char *cgroup_procs;   // NULL: none; else the cgroup.procs file to write "0" into
    const char *groups_user;    // NULL: no initgroups; else supplementary groups of this user
    const int *fd_moves;        // fd_move_count pairs (source, target); sources may be any fd, even another target
    int fd_move_count;
    int close_from;             // every fd >= this is closed before exec
    int setsid;
    int pdeathsig;              // 0: none; else the signal, and parent_pid is re-checked once it is armed
    int parent_pid;
    int uid, gid;               // -1: keep
    int single_group;           // with uid/gid and no groups_user: setgroups(1, &gid) (root only)
    int umask;                  // -1: keep
    volatile int fail_stage;    // written by the child: STAGE_* it failed at
    volatile int fail_errno;
};

#ifndef CLOSE_RANGE_UNSHARE
#define CLOSE_RANGE_UNSHARE (1U << 1)
#endif

struct kernel_sigaction_x { void *handler; unsigned long flags; void *restorer; unsigned long mask; };

static void fail(struct supervice_spawn_plan *plan, int stage, int err) {
    plan->fail_stage = stage;
    plan->fail_errno = err;
    _exit(127);
}

static int join_cgroup(const char *procs) {
    int fd = open(procs, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return errno;
    int err = write(fd, "0", 1) == 1 ? 0 : errno;
    close(fd);
    return err;
}

static int switch_user(const struct supervice_spawn_plan *plan, const gid_t *groups, int ngroups) {
    uid_t uid = (uid_t)plan->uid;
    gid_t gid = (gid_t)plan->gid;
    if (geteuid() == uid && getuid() == uid && getgid() == gid) return 0;
    // Raw syscalls, never glibc's setgroups/setgid/setuid: in a multi-threaded process those broadcast the change to
    // every thread (SIGSETXID) under a lock of the thread list, which this child shares with the parent until exec: it
    // could deadlock on a lock another daemon thread holds, or mark the daemon's own threads.
    if (ngroups >= 0 && syscall(SYS_setgroups, (size_t)ngroups, groups) != 0) return errno;
    if (syscall(SYS_setresgid, gid, gid, gid) != 0 || syscall(SYS_setresuid, uid, uid, uid) != 0) return errno;
    return 0;
}

// Every source moved above the highest target first, so that no dup2 clobbers a source still to be placed and no
// dup2 is onto itself (that would keep CLOEXEC).
static int move_fds(const struct supervice_spawn_plan *plan, const int *moves, int *scratch) {
    int highest = 2;
    for (int i = 0; i < plan->fd_move_count; i++)
        if (moves[2 * i + 1] > highest) highest = moves[2 * i + 1];
    for (int i = 0; i < plan->fd_move_count; i++) {
        scratch[i] = fcntl(moves[2 * i], F_DUPFD_CLOEXEC, highest + 1);
        if (scratch[i] < 0) return errno;
    }
    for (int i = 0; i < plan->fd_move_count; i++)
        if (dup2(scratch[i], moves[2 * i + 1]) < 0) return errno;
    return 0;
}

static void reset_signals(void) {
    // The raw syscall: glibc's sigaction refuses its own signals 32 and 33.
    struct kernel_sigaction_x dfl = { SIG_DFL, 0, NULL, 0 };
    for (int sig = 1; sig <= 64; sig++)
        if (sig != SIGKILL && sig != SIGSTOP) syscall(SYS_rt_sigaction, sig, &dfl, NULL, sizeof(unsigned long));
    unsigned long empty = 0;
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &empty, NULL, sizeof empty);
}

// The child's own fd table, before it changes any fd: the parent's is shared until then. Only fds below keep_below are
// copied (so the kernel has nothing to close); keep_below -1, or a kernel without CLOSE_RANGE_UNSHARE (< 5.9), copies
// the whole table.
static int unshare_fds(int keep_below) {
    if (keep_below >= 0 && syscall(SYS_close_range, (unsigned)keep_below, ~0U, CLOSE_RANGE_UNSHARE) == 0) return 0;
    return syscall(SYS_unshare, CLONE_FILES) == 0 ? 0 : errno;
}

struct prepared {
    struct supervice_spawn_plan *plan;
    int in_cgroup;              // clone3 created the child in its cgroup already (CLONE_INTO_CGROUP)
    const gid_t *groups;
    int ngroups;
    int *scratch;
    const int *moves;           // the plan's fd moves, their sources replaced by the slots they were parked in
    int keep_below;             // fds below this are copied into the child's table; -1: all
};

static void child(struct prepared *p) {
    struct supervice_spawn_plan *plan = p->plan;
    int err;
    if ((err = unshare_fds(p->keep_below)) != 0) fail(plan, STAGE_EXEC, err);
    if (plan->cgroup_procs && !p->in_cgroup && (err = join_cgroup(plan->cgroup_procs)) != 0) fail(plan, STAGE_CGROUP, err);
    if (plan->setsid) setsid();
    // Credentials before the parent-death signal: the kernel clears it on every credential change.
    if (plan->uid >= 0 && (err = switch_user(plan, p->groups, p->ngroups)) != 0) fail(plan, STAGE_CREDENTIALS, err);
    if (plan->pdeathsig) {
        prctl(PR_SET_PDEATHSIG, plan->pdeathsig, 0, 0, 0);
        if (getppid() != plan->parent_pid) _exit(126); // the supervisor died before the signal was armed
    }
    if (plan->umask >= 0) umask((mode_t)plan->umask);
    if (plan->dir && chdir(plan->dir) != 0) fail(plan, STAGE_CHDIR, errno);
    if ((err = move_fds(plan, p->moves, p->scratch)) != 0) fail(plan, STAGE_EXEC, err);
    if (plan->close_from >= 0 && syscall(SYS_close_range, (unsigned)plan->close_from, ~0U, 0) != 0)
        for (int fd = plan->close_from; fd < 1024; fd++) close(fd);
    reset_signals();
    execve(plan->path, plan->argv, plan->envp);
    fail(plan, STAGE_EXEC, errno);
}

static int child_main(void *p) {
    child(p);
    return 127; // not reached: child() execs or _exits
}

enum { CHILD_STACK = 64 * 1024, SLOTS = 8 };

// The child's stack is its own (the parent's frames stay intact), but it shares every other byte of the parent's
// memory until it execs. One stack for the process, mapped at the first spawn and kept: spawns are one at a time
// (slots_lock), and the parent's thread is suspended until the child that used it has exec'd or exited.
static void *child_stack;

// One spawn at a time in the process: the fd slots, the child stack and clone3_usable are shared by every thread.
static pthread_mutex_t slots_lock = PTHREAD_MUTEX_INITIALIZER;

// 1 while clone3 with CLONE_INTO_CGROUP works here; 0 once the kernel (< 5.7) or a seccomp filter (containers answer
// ENOSYS) refused it, and the child joins by writing cgroup.procs instead.
static int clone3_usable = 1;

// 0: every spawn joins its cgroup the fallback way, as where clone3 is refused (the self-test covers both ways).
void supervice_spawn_use_clone3(int use) {
    pthread_mutex_lock(&slots_lock);
    clone3_usable = use;
    pthread_mutex_unlock(&slots_lock);
}

#if defined(__x86_64__)
#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif
struct clone_args_v2 { uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid, set_tid_size, cgroup; };

// clone3 has no libc wrapper: the child starts on the new stack at the syscall's return, so it must not return into
// the caller's frame. As glibc's own __clone3: the child calls fn(arg) on its stack and exits with its result; the
// parent gets the pid or -errno. syscall keeps rdx (fn) and r8 (arg; rcx is clobbered).
long supervice_clone3(struct clone_args_v2 *args, size_t size, int (*fn)(void *), void *arg);
__asm__(
    ".text\n"
    ".globl supervice_clone3\n"
    ".hidden supervice_clone3\n"
    ".type supervice_clone3, @function\n"
    "supervice_clone3:\n"
    "    movq %rcx, %r8\n"
    "    movl $435, %eax\n"       /* SYS_clone3 */
    "    syscall\n"
    "    testq %rax, %rax\n"
    "    jz 1f\n"
    "    ret\n"
    "1:  xorl %ebp, %ebp\n"
    "    andq $-16, %rsp\n"
    "    movq %r8, %rdi\n"
    "    call *%rdx\n"
    "    movl %eax, %edi\n"
    "    movl $60, %eax\n"        /* SYS_exit */
    "    syscall\n"
    "    hlt\n"
    ".size supervice_clone3, .-supervice_clone3\n");

// The child born in its cgroup: no write to cgroup.procs, so no migration, which takes the cgroup threadgroup lock for
// writing (an RCU grace period, ~10 ms here, for the first move after a quiet spell) while the parent waits. Returns the
// pid; -1 with errno when the clone itself failed (EAGAIN, ENOMEM: as clone() would); -2 for the fallback: clone() and
// the child's write to cgroup.procs, which reports a group the kernel refuses as it always did. A kernel before 5.7
// (EINVAL, E2BIG, ENOSYS) or a seccomp filter (ENOSYS; EPERM in older profiles) turns clone3 off for good.
static pid_t clone_into_cgroup(struct prepared *p) {
    const char *procs = p->plan->cgroup_procs;
    size_t len = strlen(procs), suffix = sizeof "/cgroup.procs" - 1;
    char dir[4096];
    if (len <= suffix || len - suffix >= sizeof dir || strcmp(procs + len - suffix, "/cgroup.procs") != 0) return -2;
    memcpy(dir, procs, len - suffix);
    dir[len - suffix] = 0;
    int cgroup = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (cgroup < 0) return -2;
    struct clone_args_v2 args = {
        .flags = CLONE_VM | CLONE_VFORK | CLONE_FILES | CLONE_INTO_CGROUP, .exit_signal = SIGCHLD,
        .stack = (uint64_t)(uintptr_t)child_stack, .stack_size = CHILD_STACK, .cgroup = (uint64_t)cgroup,
    };
    p->in_cgroup = 1;
    long rc = supervice_clone3(&args, sizeof args, child_main, p);
    close(cgroup);
    if (rc > 0) return (pid_t)rc;
    p->in_cgroup = 0;
    int err = (int)-rc;
    if (err == EAGAIN || err == ENOMEM) { errno = err; return -1; }
    if (err == ENOSYS || err == EINVAL || err == E2BIG || err == EPERM) clone3_usable = 0;
    return -2;
}
#endif

static pid_t start_child(struct prepared *p) {
    if (!child_stack) {
        void *stack = mmap(NULL, CHILD_STACK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
        if (stack == MAP_FAILED) return -1;
        child_stack = stack;
    }
    // All signals blocked (the raw syscall: glibc would keep its own two open) so that no handler of the parent ever
    // runs in the child.
    unsigned long all = ~0UL, old = 0;
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &all, &old, sizeof all);
    pid_t child_pid = -2;
#if defined(__x86_64__)
    if (p->plan->cgroup_procs && clone3_usable) child_pid = clone_into_cgroup(p);
#endif
    if (child_pid == -2) child_pid = clone(child_main, (char *)child_stack + CHILD_STACK, CLONE_VM | CLONE_VFORK | CLONE_FILES | SIGCHLD, p);
    int err = errno;
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &old, NULL, sizeof old);
    errno = err;
    return child_pid;
}

// SLOTS fds of the process held open on /dev/null, reserved at the first spawn while the table is still small; a spawn
// parks the sources of its fd moves in them (dup3 replaces a slot atomically, so no other thread ever gets its number)
// and puts /dev/null back afterwards. The child then copies fds 0..highest slot only. -1: none (reservation failed).
static int slots[SLOTS], slot_null = -1, slots_reserved;

static void reserve_slots(void) {
    slots_reserved = 1;
    int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (null < 0) return;
    for (int i = 0; i < SLOTS; i++)
        if ((slots[i] = fcntl(null, F_DUPFD_CLOEXEC, 0)) < 0) {
            while (--i >= 0) close(slots[i]);
            close(null);
            return;
        }
    slot_null = null;
}

static void unpark(int parked) {
    for (int i = 0; i < parked; i++) dup3(slot_null, slots[i], O_CLOEXEC);
}

// The slots' own /dev/null (read-only, close-on-exec, reserved on first use and never closed): a child's stdin taken
// from it needs no parking, since it lies below the copied range. -1 when the reservation failed.
int supervice_null_fd(void) {
    pthread_mutex_lock(&slots_lock);
    if (!slots_reserved) reserve_slots();
    int fd = slot_null;
    pthread_mutex_unlock(&slots_lock);
    return fd;
}

// The highest slot + 1, with every source at or above it parked in a slot (*parked of them) and replaced in moves; or
// -1 (nothing parked, moves unchanged): the child copies the whole table.
static int park_sources(const struct supervice_spawn_plan *plan, int *moves, int *parked) {
    *parked = 0;
    if (slot_null < 0 || plan->fd_move_count > SLOTS) return -1;
    int keep_below = slot_null + 1;
    for (int i = 0; i < SLOTS; i++) if (slots[i] >= keep_below) keep_below = slots[i] + 1;
    for (int i = 0; i < plan->fd_move_count; i++) {
        int source = plan->fd_moves[2 * i];
        if (source < keep_below) continue;
        if (dup3(source, slots[*parked], O_CLOEXEC) < 0) {
            unpark(*parked);
            *parked = 0;
            memcpy(moves, plan->fd_moves, sizeof(int) * 2 * (size_t)plan->fd_move_count);
            return -1;
        }
        moves[2 * i] = slots[(*parked)++];
    }
    return keep_below;
}

// 0 and the child's pid in *pid; or the errno of a failure before the child existed. When the child failed before
// exec, plan->fail_stage says where (the child has exited with 127 and still has to be reaped by the caller).
int supervice_spawn(struct supervice_spawn_plan *plan, int *pid) {
    gid_t fixed[64], *groups = fixed;
    // scratch: fd_move_count ints for move_fds; then the moves as the child makes them (sources parked in slots).
    int ngroups = -1, ints_fixed[48], *scratch = ints_fixed;
    plan->fail_stage = STAGE_NONE;
    plan->fail_errno = 0;
    *pid = 0;
    if (plan->fd_move_count > 16 && !(scratch = malloc(sizeof(int) * 3 * (size_t)plan->fd_move_count))) return ENOMEM;
    int *moves = scratch + plan->fd_move_count;
    memcpy(moves, plan->fd_moves, sizeof(int) * 2 * (size_t)plan->fd_move_count);
    if (plan->uid >= 0 && plan->groups_user) {
        // getgrouplist reads the group database (malloc, NSS): in the parent, never in the vfork child.
        int n = 64;
        if (getgrouplist(plan->groups_user, (gid_t)plan->gid, groups, &n) < 0
            && (!(groups = malloc(sizeof(gid_t) * (size_t)n)) || getgrouplist(plan->groups_user, (gid_t)plan->gid, groups, &n) < 0)) {
            if (groups && groups != fixed) free(groups);
            if (scratch != ints_fixed) free(scratch);
            return ENOMEM;
        }
        ngroups = n;
    } else if (plan->uid >= 0 && plan->single_group) {
        fixed[0] = (gid_t)plan->gid;
        ngroups = 1;
    }
    // One spawn at a time in the process: the slots and the child stack are shared by every thread.
    pthread_mutex_lock(&slots_lock);
    if (!slots_reserved) reserve_slots();
    int parked = 0, keep_below = park_sources(plan, moves, &parked);
    struct prepared prepared = { .plan = plan, .groups = groups, .ngroups = ngroups, .scratch = scratch, .moves = moves, .keep_below = keep_below };
    pid_t child_pid = start_child(&prepared);
    int err = child_pid < 0 ? errno : 0;
    unpark(parked);
    pthread_mutex_unlock(&slots_lock);
    if (groups != fixed) free(groups);
    if (scratch != ints_fixed) free(scratch);
    if (child_pid < 0) return err;
    *pid = child_pid;
    return 0;
}
