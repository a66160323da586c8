#!/usr/bin/env python3
"""Supervice vs supervisord side-by-side benchmark (issue #7).  Python 3 standard library only.

Usage
    make bench                  # full run  (python3 Tests/Bench/bench.py)
    make bench-quick            # quick run (python3 Tests/Bench/bench.py --quick), < 2 minutes
    python3 Tests/Bench/bench.py [--quick] [--bin PATH] [--out FILE] [--only M1,M4,...]
                                 [--skip-supervice] [--skip-supervisord]

    --bin / $SUPERVICE_BIN   the supervice binary (default: bin/supervice under the repo root)
    --out                    JSON results (default: bench-results.json in the repo root)

It installs supervisord (Debian package `supervisor`) when /usr/bin/supervisord is missing
(apt-get update + apt-get install -y supervisor; any supervisord the package install starts is
killed).  Both supervisors run the same workloads in the same run, alternating trial by trial,
and a markdown table plus a JSON file are produced.  When the supervice binary is missing or a
supervice measurement fails, its cell reads `n/a (reason)` and the run goes on.

Metrics (medians of repeated trials; quick mode: fewer trials, smaller N)
    M1  daemon launch (Popen) -> all N `sleep` children exist.  Children are counted from
        /proc/DAEMON/task/*/children whose /proc/PID/comm is `sleep`, polled every 2 ms.
        N = 100 and 1000 (quick: 100).
    M2  PSS of the daemon process (Pss of /proc/DAEMON/smaps_rollup; for supervisord the python
        process) once all N children exist, after a 1 s settle (median of 3 samples 0.5 s apart).
    M3  wall time of one whole `ctl status` process with 100 programs:
        `supervice ctl -s SOCK status` vs `supervisorctl -c CONF status` (1 warm-up, median of 20;
        quick: 10).
    M4  respawn latency: SIGKILL a running `sleep` child (alive for seconds), time from kill() to
        a new child pid of the daemon existing (polled every 0.5 ms); the time until that child
        has exec'd `sleep` is kept in the JSON too.  Each kill hits a different program, so the
        1-restart-per-second guard of supervice never applies.  Median of 10 (quick: 5).
    M5  idle cost with 100 programs over 20 s (quick: 5 s), starting 1 s after all children
        exist: voluntary context switches summed over /proc/DAEMON/task/*/status, and CPU time
        (run time summed over /proc/DAEMON/task/*/schedstat, ns resolution; utime+stime of
        /proc/DAEMON/stat, 10 ms ticks, is kept in the JSON as a cross-check).
    M6  100 MiB (quick: 20 MiB) of one child's stdout into its log file.  The program is
        `/bin/sh -c 'read _ < FIFO; exec dd if=/dev/zero bs=1048576 count=N status=none'` (dd,
        not `head -c`: head writes 4 KiB per write(), which caps a pipe near 1.1-1.4 GiB/s here,
        too close to the 1.5 GiB/s target; the machine's ceiling `dd ... | cat > FILE` is
        measured in the same run and printed under the table): the daemon starts it, the
        harness waits until the child blocks on the FIFO, samples the daemon's CPU, then releases
        it and polls the log file size every 0.5 ms until it holds BYTES.  Reported as MiB/s and
        the daemon's CPU time for the transfer.  5 trials (quick: 3), a fresh daemon each.
    M7  `ctl shutdown` / `supervisorctl shutdown` issued -> the daemon process and all of its
        `sleep` children are gone (exited or zombie), for N = 1000 and 100 (quick: 100).
    G0/G1  (supervice only) daemon CPU time (schedstat) from launch until all N programs run,
        without depends_on (G0) and as a 10-level graph where each program depends on two of the
        level below (G1), N = 100 and 1000; the 1000/100 ratio of G1 shows the loop's cost grows
        linearly (10x).  G1cs: voluntary context switches of the idle 1000-program graph daemon.
    X1/X2  (supervice only) binary size and `supervice --help` wall time (median of 20).
    W1  (supervice only) daemon CPU time of one `GET /metrics` over the unix socket (schedstat of
        the daemon before and after each scrape; 1 warm-up, median of 20), N = 100 and 1000
        programs (quick: 100).  SPEC §12.4: < 20 ms at 1000.
    W2  (supervice only) voluntary context switches of the daemon over the idle window of M5
        (20 s; quick: 5 s) with 100 programs and a dashboard's event stream (`GET /api/v1/events`)
        held open, after its first event: 0 (nothing changes, nothing is sent, nothing wakes).

Equivalent settings (both supervisors, generated per run in a private temp dir)
    - N separate `[program:pNNNN]` sections, command `/bin/sleep 100000`, autostart=true,
      autorestart=true, startsecs=0, stopasgroup=true, killasgroup=true, stdout_logfile=NONE,
      stderr_logfile=NONE (M6: stdout_logfile=DIR/out.log, no rotation: supervisord
      stdout_logfile_maxbytes=0, supervice stdout_logfile_maxbytes=1GB; autorestart=false).
    - a unix socket in the temp dir for both; own pidfile and daemon log in the temp dir;
      foreground mode (`supervice daemon -c FILE -n`, `supervisord -n -c FILE`).
    - minfds = 1024 for N <= 100 and 4096 for N = 1000 (supervisord needs ~3 fds per child and
      closes every fd below minfds at each spawn, so the smallest adequate value is used).
    - supervice: pdeathsig left at its default (on).  supervisord has no equivalent.
    - supervisord is run with its own python (/usr/bin/python3 via the packaged scripts).

Teardown
    The harness makes itself a child subreaper (prctl PR_SET_CHILD_SUBREAPER), starts every
    daemon in its own session, and after each run (and on Ctrl-C, SIGTERM, SIGHUP or any error)
    SIGKILLs every process below itself and reaps them until none is left, then removes the temp
    dir.  Nothing it started survives it.

Ratio column: always "how many times better supervice is" (> 1 = supervice better):
supervisord/supervice for times, sizes and counts; supervice/supervisord for throughput.
"""

import argparse
import ctypes
import datetime
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SUPERVISORD = "/usr/bin/supervisord"
SUPERVISORCTL = "/usr/bin/supervisorctl"
SLEEP_CMD = "/bin/sleep 100000"
MIB = 1024 * 1024
TICK = os.sysconf("SC_CLK_TCK")
MYPID = os.getpid()


class BenchError(Exception):
    """A measurement could not be taken; the message becomes the n/a reason."""


class Interrupted(BaseException):
    pass


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# /proc helpers

def read_text(path):
    try:
        with open(path, "r") as f:
            return f.read()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None


def proc_stat(pid):
    """(comm, state, ppid, utime, stime) or None."""
    s = read_text(f"/proc/{pid}/stat")
    if s is None:
        return None
    r = s.rindex(")")
    comm = s[s.index("(") + 1:r]
    f = s[r + 2:].split()
    # f[0]=state (field 3), f[1]=ppid (4), f[11]=utime (14), f[12]=stime (15)
    return comm, f[0], int(f[1]), int(f[11]), int(f[12])


def alive(pid):
    st = proc_stat(pid)
    return st is not None and st[1] not in ("Z", "X")


def children_of(pid):
    """Direct children of every thread of pid (includes zombies not yet reaped)."""
    out = []
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except (FileNotFoundError, ProcessLookupError):
        return out
    for tid in tids:
        s = read_text(f"/proc/{pid}/task/{tid}/children")
        if s:
            out.extend(int(x) for x in s.split())
    return out


def comm_of(pid):
    s = read_text(f"/proc/{pid}/comm")
    return s.strip() if s is not None else None


def cpu_ticks(pid):
    st = proc_stat(pid)
    if st is None:
        raise BenchError("daemon vanished while measuring CPU")
    return st[3] + st[4]


def cpu_ms(pid):
    """CPU time of the process in ms: the sum of /proc/PID/task/*/schedstat run times (ns
    resolution; the 10 ms ticks of utime+stime are too coarse for M5/M6).  Falls back to ticks."""
    total, ok = 0, False
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except FileNotFoundError:
        raise BenchError("daemon vanished while measuring CPU")
    for tid in tids:
        s = read_text(f"/proc/{pid}/task/{tid}/schedstat")
        if s:
            total += int(s.split()[0])
            ok = True
    return total / 1e6 if ok else cpu_ticks(pid) * 1000.0 / TICK


def vol_ctxt(pid):
    total = 0
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except FileNotFoundError:
        raise BenchError("daemon vanished while measuring context switches")
    for tid in tids:
        s = read_text(f"/proc/{pid}/task/{tid}/status")
        if s is None:
            continue
        for line in s.splitlines():
            if line.startswith("voluntary_ctxt_switches:"):
                total += int(line.split()[1])
    return total, len(tids)


def pss_kib(pid):
    s = read_text(f"/proc/{pid}/smaps_rollup")
    if s is None:
        raise BenchError("cannot read smaps_rollup")
    for line in s.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    raise BenchError("no Pss line in smaps_rollup")


def ppid_map():
    m = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            st = proc_stat(int(d))
            if st is not None:
                m[int(d)] = (st[2], st[1])
    return m


def descendants(root):
    m = ppid_map()
    kids = {}
    for pid, (pp, _) in m.items():
        kids.setdefault(pp, []).append(pid)
    out, stack = [], [root]
    while stack:
        p = stack.pop()
        for c in kids.get(p, ()):
            out.append((c, m[c][1]))
            stack.append(c)
    return out


# ---------------------------------------------------------------------------------------------
# Teardown: the harness is a subreaper, so everything it started stays below it until reaped.

def set_subreaper():
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_CHILD_SUBREAPER = 36
        if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
            log("warning: PR_SET_CHILD_SUBREAPER failed; teardown falls back to tree walks")
    except Exception as e:  # pragma: no cover
        log(f"warning: prctl unavailable ({e})")


LIVE_POPENS = []
TEMP_DIRS = []


def mkdtemp(prefix):
    d = tempfile.mkdtemp(prefix=prefix)
    TEMP_DIRS.append(d)
    return d


def remove_temp_dirs():
    while TEMP_DIRS:
        shutil.rmtree(TEMP_DIRS.pop(), ignore_errors=True)


def kill_everything_below_me(deadline_s=15.0):
    """SIGKILL every descendant of the harness and reap them; returns the number killed."""
    end = time.monotonic() + deadline_s
    killed = set()
    while True:
        procs = descendants(MYPID)
        live = [p for p, state in procs if state not in ("Z", "X")]
        for p in live:
            try:
                os.kill(p, signal.SIGKILL)
                killed.add(p)
            except ProcessLookupError:
                pass
        for po in list(LIVE_POPENS):
            if po.poll() is not None:
                LIVE_POPENS.remove(po)
        while True:  # reap orphans that were re-parented to us
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
        if not procs:
            return len(killed)
        if time.monotonic() > end:
            log(f"warning: could not clear descendants: {procs[:10]}")
            return len(killed)
        time.sleep(0.005)


def on_signal(signum, frame):
    raise Interrupted(f"signal {signum}")


# ---------------------------------------------------------------------------------------------
# supervisord installation

def supervisord_pids():
    out = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            cl = read_text(f"/proc/{d}/cmdline")
            args = cl.split("\0")[:2] if cl else []
            if any(os.path.basename(a) == "supervisord" for a in args) and int(d) != MYPID:
                out.append(int(d))
    return set(out)


def ensure_supervisord():
    """Returns None when usable, else a reason string."""
    if os.access(SUPERVISORD, os.X_OK) and os.access(SUPERVISORCTL, os.X_OK):
        return None
    log("supervisord missing: installing the Debian package `supervisor`")
    sudo = [] if os.geteuid() == 0 else (["sudo", "-n"] if shutil.which("sudo") else None)
    if sudo is None or not shutil.which("apt-get"):
        return "supervisord not installed and cannot apt-get install it (no root/apt-get)"
    before = supervisord_pids()
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    try:
        r = subprocess.run(sudo + ["apt-get", "install", "-y", "-q", "supervisor"], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if r.returncode != 0:
            subprocess.run(sudo + ["apt-get", "update", "-q"], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            r = subprocess.run(sudo + ["apt-get", "install", "-y", "-q", "supervisor"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    finally:
        # The package may try to start its service: kill any supervisord that appeared during
        # the install (none of ours exist yet), by pid.
        for pid in supervisord_pids() - before:
            log(f"killing supervisord pid {pid} started by the package install")
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        kill_everything_below_me()
    if r.returncode != 0:
        return "apt-get install supervisor failed: " + r.stdout.strip().splitlines()[-1][:200]
    if not os.access(SUPERVISORD, os.X_OK):
        return "supervisor package installed but /usr/bin/supervisord missing"
    return None


def supervisord_version():
    try:
        r = subprocess.run([SUPERVISORD, "--version"], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, timeout=20)
        return r.stdout.strip()
    except Exception:
        return None


# ---------------------------------------------------------------------------------------------
# The two supervisors

def wait_for(cond, timeout, interval, what, daemon=None):
    end = time.monotonic() + timeout
    while True:
        v = cond()
        if v:
            return v
        if daemon is not None:
            daemon.check_alive()
        if time.monotonic() > end:
            raise BenchError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(interval)


def run_timed(argv, timeout=30, env=None, capture=True):
    """Runs argv to its end; returns (CompletedProcess, seconds).  No subprocess timeout: with one, Python
    waits by polling with growing sleeps (0.5, 1, 2, 4 ms ...), which rounded a 2 ms process up to ~4-7 ms
    and inflated every whole-process time (M3, X2, the C hello, sv status).  A watchdog kills a hung run."""
    out = subprocess.PIPE if capture else subprocess.DEVNULL
    t0 = time.perf_counter()
    po = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, env=env)
    dog = threading.Timer(timeout, po.kill)
    dog.start()
    try:
        stdout, _ = po.communicate()
    finally:
        dog.cancel()
    dt = time.perf_counter() - t0
    if po.returncode == -signal.SIGKILL:
        raise BenchError(f"{os.path.basename(argv[0])} did not finish within {timeout:g} s")
    return subprocess.CompletedProcess(argv, po.returncode, stdout or b"", None), dt


class Daemon:
    """One daemon run in a private temp dir.  Use as a context manager: teardown is certain."""
    name = "?"

    def __init__(self, programs, minfds=1024):
        self.programs = programs  # list of dicts: name, command, autorestart, logfile
        self.minfds = minfds
        self.dir = mkdtemp(f"svbench-{self.name}-")
        self.sock = os.path.join(self.dir, "s.sock")
        self.conf = os.path.join(self.dir, "bench.conf")
        self.popen = None
        self.t_launch = None
        with open(self.conf, "w") as f:
            f.write(self.config_text())

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.teardown()
        return False

    @property
    def pid(self):
        return self.popen.pid

    def launch(self):
        out = open(os.path.join(self.dir, "daemon.out"), "wb")
        try:
            self.t_launch = time.perf_counter()
            self.popen = subprocess.Popen(self.daemon_argv(), cwd=self.dir, stdin=subprocess.DEVNULL,
                                          stdout=out, stderr=subprocess.STDOUT,
                                          start_new_session=True)
        finally:
            out.close()
        LIVE_POPENS.append(self.popen)
        return self.t_launch

    def output_tail(self, n=3):
        s = read_text(os.path.join(self.dir, "daemon.out")) or ""
        lines = [l for l in s.strip().splitlines() if l.strip()]
        return " | ".join(lines[-n:])[:300] or "(no output)"

    def check_alive(self):
        if self.popen is not None and self.popen.poll() is not None:
            raise BenchError(f"{self.name} daemon exited with code {self.popen.returncode}: "
                             f"{self.output_tail()}")

    def ctl(self, *args, timeout=60):
        return run_timed(self.ctl_argv(*args), timeout)[0]

    def ctl_timed(self, *args, timeout=60):
        return run_timed(self.ctl_argv(*args), timeout)

    def wait_ready(self, timeout=30):
        """Socket exists and `ctl status` answers (0 = all running, 3 = some stopped)."""
        wait_for(lambda: os.path.exists(self.sock), timeout, 0.005, f"{self.name} socket", self)
        end = time.monotonic() + timeout
        while True:
            r = self.ctl("status")
            if r.returncode in (0, 3):
                return
            self.check_alive()
            if time.monotonic() > end:
                raise BenchError(f"ctl status never succeeded (exit {r.returncode}: "
                                 f"{r.stdout.decode(errors='replace').strip()[:200]})")
            time.sleep(0.02)

    def sleep_children(self, cache):
        """pids of live children of the daemon whose comm is sleep; cache: pid -> is_sleep."""
        out = []
        for c in children_of(self.pid):
            v = cache.get(c)
            if v is None or v is False:
                cm = comm_of(c)
                if cm is None:
                    continue
                v = cm == "sleep"
                cache[c] = v
            if v:
                out.append(c)
        return out

    def wait_all_children(self, n, timeout, interval=0.002):
        cache = {}
        end = time.monotonic() + timeout
        while True:
            kids = self.sleep_children(cache)
            if len(kids) >= n:
                return time.perf_counter(), kids
            self.check_alive()
            if time.monotonic() > end:
                raise BenchError(f"only {len(kids)}/{n} sleep children after {timeout:g} s")
            time.sleep(interval)

    def teardown(self):
        try:
            kill_everything_below_me()
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


def program_sections(programs, flavour):
    out = []
    for p in programs:
        out.append(f"[program:{p['name']}]")
        out.append(f"command = {p['command']}")
        out.append("autostart = true")
        out.append(f"autorestart = {'true' if p.get('autorestart', True) else 'false'}")
        out.append("startsecs = 0")
        out.append("stopasgroup = true")
        out.append("killasgroup = true")
        if p.get("logfile"):
            out.append(f"stdout_logfile = {p['logfile']}")
            out.append("stdout_logfile_maxbytes = " + ("0" if flavour == "supervisord" else "1GB"))
            if p.get("timestamps"):
                out.append("stdout_log_timestamps = true")
        else:
            out.append("stdout_logfile = NONE")
        out.append("stderr_logfile = NONE")
        if p.get("depends_on"):
            out.append(f"depends_on = {p['depends_on']}")
        out.append("")
    return "\n".join(out)


class Supervice(Daemon):
    name = "supervice"
    binary = None

    def config_text(self):
        return (f"[supervice]\n"
                f"pidfile = {self.dir}/supervice.pid\n"
                f"socket = {self.sock}\n"
                f"logfile = {self.dir}/supervice.log\n"
                f"minfds = {self.minfds}\n\n" + program_sections(self.programs, "supervice"))

    def daemon_argv(self):
        return [self.binary, "daemon", "-c", self.conf, "-n"]

    def ctl_argv(self, *args):
        return [self.binary, "ctl", "-s", self.sock, *args]


class Supervisord(Daemon):
    name = "supervisord"

    def config_text(self):
        return (f"[unix_http_server]\nfile = {self.sock}\nchmod = 0700\n\n"
                f"[supervisord]\nnodaemon = true\nlogfile = {self.dir}/supervisord.log\n"
                f"pidfile = {self.dir}/supervisord.pid\nchildlogdir = {self.dir}\n"
                f"minfds = {self.minfds}\n\n"
                f"[rpcinterface:supervisor]\n"
                f"supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n"
                f"[supervisorctl]\nserverurl = unix://{self.sock}\n\n"
                + program_sections(self.programs, "supervisord"))

    def daemon_argv(self):
        return [SUPERVISORD, "-n", "-c", self.conf]

    def ctl_argv(self, *args):
        return [SUPERVISORCTL, "-c", self.conf, *args]


def sleep_programs(n):
    return [{"name": f"p{i:04d}", "command": SLEEP_CMD} for i in range(n)]


def graph_programs(n, levels=10):
    """n programs in `levels` levels of n/levels each; every program above level 0 depends on two of
    the level below (SPEC §8.1), so start-up walks the whole graph level by level."""
    per = n // levels
    progs = []
    for i in range(n):
        level, k = divmod(i, per)
        p = {"name": f"g{i:04d}", "command": SLEEP_CMD}
        if level > 0:
            below = (level - 1) * per
            p["depends_on"] = f"g{below + k:04d}, g{below + (k + 1) % per:04d}"
        progs.append(p)
    return progs


def scenario_graph(n, idle_s):
    """G1 (supervice only): daemon CPU time from launch until all n programs of a 10-level graph
    run (the event loop's work: WAITING, re-evaluating dependents, spawning); G0 the same n
    without depends_on, so G1 - G0 is what the graph costs; G1cs the voluntary context switches
    of the idle daemon over idle_s afterwards (must stay 0)."""
    res = {}
    for key, progs in ((f"G0_{n}", sleep_programs(n)), (f"G1_{n}", graph_programs(n))):
        with Supervice(progs, minfds_for(n)) as d:
            d.launch()
            d.wait_all_children(n, timeout=20 + n * 0.06)
            res[key] = cpu_ms(d.pid)
            if key.startswith("G1"):
                d.wait_ready()
                time.sleep(1.0)  # settle after the readiness probe
                c0, _ = vol_ctxt(d.pid)
                time.sleep(idle_s)
                c1, _ = vol_ctxt(d.pid)
                res[f"G1cs_{n}"] = c1 - c0
    return res


def minfds_for(n):
    return 1024 if n <= 150 else 4096


# ---------------------------------------------------------------------------------------------
# Scenarios.  Each returns {metric_key: value or list of values}; a BenchError aborts the run
# for that supervisor only.

def scenario_launch(cls, n, measure_pss=True, measure_shutdown=True):
    """One trial of M1 (+ M2 and M7 on the same daemon)."""
    res = {}
    with cls(sleep_programs(n), minfds_for(n)) as d:
        t0 = d.launch()
        t1, kids = d.wait_all_children(n, timeout=20 + n * 0.06)
        res["M1"] = t1 - t0
        if measure_pss:
            time.sleep(1.0)  # settle: measurement choice (let start-up garbage be collected)
            samples = []
            for i in range(3):
                samples.append(pss_kib(d.pid))
                if i < 2:
                    time.sleep(0.5)
            res["M2"] = statistics.median(samples) / 1024.0
        if measure_shutdown:
            try:
                res.update(measure_shutdown_time(d))
            except BenchError as e:
                res["_errors"] = {"M7": str(e)}
    return res


def measure_shutdown_time(d):
    res = {}
    d.wait_ready()
    kids = d.sleep_children({})
    ctl_out = open(os.path.join(d.dir, "ctl-shutdown.out"), "w+b")
    t0 = time.perf_counter()
    ctl = subprocess.Popen(d.ctl_argv("shutdown"), stdin=subprocess.DEVNULL,
                           stdout=ctl_out, stderr=subprocess.STDOUT)
    LIVE_POPENS.append(ctl)
    pending = set(kids)
    end = time.monotonic() + 120
    ctl_failed = None
    try:
        while True:
            daemon_gone = d.popen.poll() is not None
            pending = {p for p in pending if alive(p)}
            if daemon_gone and not pending:
                break
            if ctl_failed is None and ctl.poll() not in (None, 0):
                # the daemon may still be going down: allow 5 s more, then report it
                ctl_out.seek(0)
                ctl_failed = (f"ctl shutdown exit {ctl.returncode}: "
                              f"{ctl_out.read().decode(errors='replace').strip()[:200]}")
                end = min(end, time.monotonic() + 5)
            if time.monotonic() > end and ctl_failed:
                raise BenchError(ctl_failed)
            if time.monotonic() > end:
                raise BenchError(f"shutdown not done after 120 s (daemon alive="
                                 f"{not daemon_gone}, {len(pending)} children left)")
            time.sleep(0.001)
        res["M7"] = time.perf_counter() - t0
        if ctl_failed:
            res["M7_note"] = ctl_failed
        try:
            ctl.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass
    finally:
        ctl_out.close()
    if d.popen.returncode != 0:
        res["M7_daemon_exit"] = d.popen.returncode
    return res


def scenario_steady(cls, n, status_runs, kills, idle_s):
    """M5, M3 and M4 on one daemon with n programs."""
    res = {}
    with cls(sleep_programs(n), minfds_for(n)) as d:
        d.launch()
        _, kids = d.wait_all_children(n, timeout=20 + n * 0.06)
        d.wait_ready()
        errors = res["_errors"] = {}
        # M5 idle
        try:
            # M5 idle
            time.sleep(1.0)  # settle after the readiness probe
            c0, th0 = vol_ctxt(d.pid)
            u0, k0 = cpu_ms(d.pid), cpu_ticks(d.pid)
            time.sleep(idle_s)
            c1, th1 = vol_ctxt(d.pid)
            u1, k1 = cpu_ms(d.pid), cpu_ticks(d.pid)
            res["M5cs"] = c1 - c0
            res["M5cpu"] = u1 - u0
            res["M5cpu_ticks_ms"] = (k1 - k0) * 1000.0 / TICK
            res["M5_threads"] = [th0, th1]
        except BenchError as e:
            errors["M5cs"] = errors["M5cpu"] = str(e)
        # M3 status
        try:
            times = []
            for i in range(status_runs + 1):
                r, dt = d.ctl_timed("status")
                if r.returncode != 0:
                    raise BenchError(f"ctl status exit {r.returncode}: "
                                     f"{r.stdout.decode(errors='replace').strip()[:200]}")
                if i:
                    times.append(dt * 1000.0)
            lines = r.stdout.decode(errors="replace").strip().splitlines()
            res["M3"] = times
            res["M3_output_lines"] = len(lines)
        except BenchError as e:
            errors["M3"] = str(e)
        # M4 respawn
        try:
            cache = {}
            known = set(children_of(d.pid))
            victims = [p for p in sorted(kids)][:kills]
            fork_ms, exec_ms = [], []
            for v in victims:
                if not alive(v):
                    raise BenchError(f"victim {v} not alive")
                t0 = time.perf_counter()
                os.kill(v, signal.SIGKILL)
                newpid, t_fork, t_exec = None, None, None
                end = time.monotonic() + 10
                while True:
                    now_kids = children_of(d.pid)
                    t = time.perf_counter()
                    if newpid is None:
                        for c in now_kids:
                            if c not in known:
                                newpid, t_fork = c, t
                                break
                    if newpid is not None and comm_of(newpid) == "sleep":
                        t_exec = time.perf_counter()
                        if v not in now_kids:  # the killed child has been reaped too
                            break
                    if time.monotonic() > end:
                        d.check_alive()
                        raise BenchError(f"no respawn within 10 s after killing {v}")
                    time.sleep(0.0005)
                known.add(newpid)
                known.discard(v)
                fork_ms.append((t_fork - t0) * 1000.0)
                exec_ms.append((t_exec - t0) * 1000.0)
            res["M4"] = fork_ms
            res["M4_exec"] = exec_ms
        except BenchError as e:
            errors["M4"] = str(e)
    return res


def http_unix(sock_path, request, until_close=True, first_event=False, timeout=30):
    """One raw HTTP/1.1 request over the unix socket; the whole answer (or, for an event stream,
    the socket once the first event arrived)."""
    import socket as _socket
    s = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.connect(sock_path)
    s.sendall(request.encode())
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
        if first_event and b"\n\n" in data.split(b"\r\n\r\n", 1)[-1]:
            return s, data
    s.close()
    return None, data


def scenario_web(n, scrapes, idle_s):
    """W1 at n programs; W2 (event stream held, idle) when n == 100."""
    res = {}
    with Supervice(sleep_programs(n), minfds_for(n)) as d:
        d.launch()
        d.wait_all_children(n, timeout=20 + n * 0.06)
        d.wait_ready()
        req = "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        _, body = http_unix(d.sock, req)
        if b"supervice_process_up" not in body:
            raise BenchError(f"/metrics answered {body[:80]!r}")
        costs = []
        for _ in range(scrapes):
            c0 = cpu_ms(d.pid)
            http_unix(d.sock, req)
            costs.append(cpu_ms(d.pid) - c0)
        res[f"W1_{n}"] = costs
        if n == 100:
            held, _ = http_unix(d.sock, "GET /api/v1/events HTTP/1.1\r\nHost: x\r\n\r\n", first_event=True)
            try:
                time.sleep(1.0)  # the first event's own work settles
                c0, _ = vol_ctxt(d.pid)
                time.sleep(idle_s)
                c1, _ = vol_ctxt(d.pid)
                res["W2"] = c1 - c0
            finally:
                held.close()
    return res


def m6_source(nbytes):
    # dd writes 1 MiB per write(); `head -c` writes 4 KiB at a time, which caps a pipe at about
    # 1.1-1.4 GiB/s on a 2-core VM -- too close to the 1.5 GiB/s target to be a fair source.
    return f"/bin/dd if=/dev/zero bs=1048576 count={nbytes // MIB} status=none"


def scenario_ceiling(nbytes, trials=3, splice_exe=None):
    """No supervisor: the same source piped through cat into a file (the machine's ceiling), and through a C splice(2)
    loop (the cheapest pipe -> file copy there is). {key: MiB/s}."""
    tmp = mkdtemp("svbench-ceiling-")
    sinks = {"M6_dd_cat_MiBps": "cat > {f}"}
    if splice_exe:
        sinks["M6_dd_splice_MiBps"] = f"{splice_exe} {{f}}"
    out = {k: [] for k in sinks}
    try:
        for _ in range(trials):
            for key, sink in sinks.items():
                f = os.path.join(tmp, "out")
                t0 = time.perf_counter()
                subprocess.run(["/bin/sh", "-c", f"{m6_source(nbytes)} | {sink.format(f=f)}"], check=True)
                out[key].append(nbytes / MIB / (time.perf_counter() - t0))
                os.unlink(f)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {k: statistics.median(v) for k, v in out.items()}


LINE_BYTES = 100  # M6lines / M6ts: the source is lines of 99 bytes + newline
STAMP_BYTES = 30  # `2026-12-02T10:04:05.123+01:00 ` before each line


def scenario_logs(cls, nbytes, key="M6", timestamps=False):
    """One trial of M6 on a fresh daemon (key M6lines/M6ts: a source of 100-byte lines, timestamps off/on)."""
    res = {}
    tmp = mkdtemp("svbench-fifo-")
    try:
        fifo = os.path.join(tmp, "go")
        os.mkfifo(fifo)
        logf = os.path.join(tmp, "out.log")
        source = m6_source(nbytes)
        expect = nbytes
        if key != "M6":
            src = os.path.join(tmp, "lines")
            with open(src, "wb") as f:
                f.write((b"x" * (LINE_BYTES - 1) + b"\n") * (nbytes // LINE_BYTES))
            nbytes = (nbytes // LINE_BYTES) * LINE_BYTES
            source = f"/bin/dd if={src} bs=1048576 status=none"
            expect = nbytes + (nbytes // LINE_BYTES * STAMP_BYTES if timestamps else 0)
        prog = {"name": "logger", "autorestart": False, "logfile": logf, "timestamps": timestamps,
                "command": f"/bin/sh -c 'read _ < {fifo}; exec {source}'"}
        with cls([prog]) as d:
            d.launch()
            d.wait_ready()

            def open_writer():
                try:
                    return os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
                except OSError:
                    return None
            fd = wait_for(open_writer, 30, 0.002, "the logger child to open its FIFO", d)
            # (the log file may be created lazily, on the first output: do not wait for it)
            time.sleep(0.2)  # let the daemon finish its start bookkeeping before sampling CPU
            u0, k0 = cpu_ms(d.pid), cpu_ticks(d.pid)
            t0 = time.perf_counter()
            os.write(fd, b"go\n")
            os.close(fd)
            end = time.monotonic() + 120
            while True:
                try:
                    size = os.stat(logf).st_size
                except FileNotFoundError:
                    size = 0
                if size >= expect:
                    break
                if time.monotonic() > end:
                    raise BenchError(f"log reached only {size} of {nbytes} bytes in 120 s")
                d.check_alive()
                time.sleep(0.0005)
            dt = time.perf_counter() - t0
            u1, k1 = cpu_ms(d.pid), cpu_ticks(d.pid)
            res[key] = nbytes / MIB / dt
            if key == "M6":
                res["M6cpu"] = u1 - u0
                res["M6cpu_ticks_ms"] = (k1 - k0) * 1000.0 / TICK
                res["M6_seconds"] = dt
    finally:
        kill_everything_below_me()
        shutil.rmtree(tmp, ignore_errors=True)
    return res


def scenario_binary(binary, runs=20):
    res = {"X1": os.path.getsize(binary) / 1e6}
    times = []
    for i in range(runs + 1):
        r, dt = run_timed([binary, "--help"], capture=False)
        if r.returncode != 0:
            raise BenchError(f"--help exit {r.returncode}")
        if i:
            times.append(dt * 1000.0)
    res["X2"] = times
    return res


# ---------------------------------------------------------------------------------------------
# C baselines and peers (issue #16): the physical cost of the same work on this machine, in the
# same run.  The C sources sit next to this file and are compiled with `cc -O2` into a temp dir.

SV = "/usr/bin/sv"
RUNSVDIR = "/usr/bin/runsvdir"
S6_SVSCAN = "/usr/bin/s6-svscan"
S6_SVSTAT = "/usr/bin/s6-svstat"


def compile_baselines():
    """{name: path} of the compiled C baselines, or a reason string when there is no C compiler."""
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        return "no C compiler (cc) on PATH"
    out = mkdtemp("svbench-c-")
    exes = {}
    for name in ("spawn_loop", "hello", "splice"):
        src = os.path.join(os.path.dirname(os.path.abspath(__file__)), f"{name}.c")
        exe = os.path.join(out, name)
        r = subprocess.run([cc, "-O2", "-o", exe, src], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if r.returncode != 0:
            return f"cc {name}.c failed: {r.stdout.decode(errors='replace').strip()[:200]}"
        exes[name] = exe
    return exes


def sleep_children_of(pid, cache):
    out = []
    for c in children_of(pid):
        v = cache.get(c)
        if not v:
            v = cache[c] = comm_of(c) == "sleep"
        if v:
            out.append(c)
    return out


def cgroup2_dir():
    """The cgroup v2 directory this harness runs in (where a child group can be made), or a reason string."""
    try:
        mount = None
        for line in read_text("/proc/self/mountinfo").splitlines():
            left, _, right = line.partition(" - ")
            if right.split(" ")[0] == "cgroup2":
                mount = left.split(" ")[4]
                break
        own = next((l[3:] for l in read_text("/proc/self/cgroup").splitlines() if l.startswith("0::")), None)
    except OSError as e:
        return f"cannot read the cgroup mounts: {e}"
    if mount is None or own is None:
        return "no cgroup v2 hierarchy"
    path = os.path.normpath(mount + "/" + own)
    return path if os.access(path, os.W_OK) else f"{path} is not writable"


def scenario_spawn_loop(exe, mode, n):
    """One trial of the M1 baseline: a C loop (posix_spawn, vfork+pdeathsig+execve, or that plus a cgroup and two
    pipes per child: `supervise`) starting n `sleep` children; launch -> all n exist, measured exactly as M1
    (children of the pid, every 2 ms)."""
    argv = [exe, mode, str(n)]
    root = None
    if mode == "supervise":
        parent = cgroup2_dir()
        if not parent.startswith("/"):
            raise BenchError(parent)
        root = os.path.join(parent, f"svbench-c-{os.getpid()}")
        os.mkdir(root)
        argv.append(root)
    try:
        t0 = time.perf_counter()
        po = subprocess.Popen(argv, stdin=subprocess.DEVNULL, start_new_session=True)
        LIVE_POPENS.append(po)
        try:
            cache = {}
            end = time.monotonic() + 20 + n * 0.06
            while len(sleep_children_of(po.pid, cache)) < n:
                if po.poll() is not None:
                    raise BenchError(f"spawn_loop {mode} exited with code {po.returncode}")
                if time.monotonic() > end:
                    raise BenchError(f"spawn_loop {mode}: not all {n} children after the deadline")
                time.sleep(0.002)
            return time.perf_counter() - t0
        finally:
            kill_everything_below_me()
    finally:
        if root is not None:
            remove_cgroups(root)


def remove_cgroups(root, deadline_s=10.0):
    """rmdir every group under root, then root (a group empties once its killed processes are gone)."""
    end = time.monotonic() + deadline_s
    while True:
        try:
            for d in os.listdir(root):
                if os.path.isdir(os.path.join(root, d)):
                    try:
                        os.rmdir(os.path.join(root, d))
                    except OSError:
                        pass
            os.rmdir(root)
            return
        except FileNotFoundError:
            return
        except OSError:
            if time.monotonic() > end:
                log(f"warning: could not remove {root}")
                return
            time.sleep(0.01)


def time_command(argv, runs, ok=(0,), env=None):
    """Wall times (ms) of `runs` whole runs of argv after one warm-up, as M3 measures ctl status."""
    times = []
    for i in range(runs + 1):
        r, dt = run_timed(argv, env=env)
        if r.returncode not in ok:
            raise BenchError(f"{os.path.basename(argv[0])} exit {r.returncode}: "
                             f"{r.stdout.decode(errors='replace').strip()[:200]}")
        if i:
            times.append(dt * 1000.0)
    return times, r.stdout


def service_dirs(root, n):
    """n runit/s6 service directories under root, each running `exec /bin/sleep 100000`."""
    dirs = []
    for i in range(n):
        d = os.path.join(root, f"p{i:04d}")
        os.makedirs(d)
        run = os.path.join(d, "run")
        with open(run, "w") as f:
            f.write(f"#!/bin/sh\nexec {SLEEP_CMD}\n")
        os.chmod(run, 0o755)
        dirs.append(d)
    return dirs


def scenario_runit(n, runs):
    """runit: runsvdir over n services; wall time of one `sv status` of all n (goal: M3 <= this)."""
    missing = [p for p in (RUNSVDIR, SV) if not os.access(p, os.X_OK)]
    if missing:
        return None, f"runit not installed ({', '.join(missing)} missing; apt-get install runit)"
    root = mkdtemp("svbench-runit-")
    try:
        dirs = service_dirs(root, n)
        po = subprocess.Popen([RUNSVDIR, root], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
        LIVE_POPENS.append(po)

        def all_up():
            r = subprocess.run([SV, "status", *dirs], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            out = r.stdout.decode(errors="replace")
            return r.returncode == 0 and out.count("run: ") == n
        wait_for(all_up, 30, 0.05, f"runit: {n} services up")
        times, out = time_command([SV, "status", *dirs], runs)
        return times, None
    finally:
        kill_everything_below_me()
        shutil.rmtree(root, ignore_errors=True)


def scenario_s6(n, runs):
    """s6: s6-svscan over n services; wall time of one `s6-svstat` of one service."""
    missing = [p for p in (S6_SVSCAN, S6_SVSTAT) if not os.access(p, os.X_OK)]
    if missing:
        return None, f"s6 not installed ({', '.join(missing)} missing; apt-get install s6)"
    root = mkdtemp("svbench-s6-")
    try:
        dirs = service_dirs(root, n)
        po = subprocess.Popen([S6_SVSCAN, root], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
        LIVE_POPENS.append(po)

        def up():
            r = subprocess.run([S6_SVSTAT, dirs[0]], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            return r.returncode == 0 and r.stdout.startswith(b"up ")
        wait_for(up, 30, 0.05, "s6: the service up")
        times, _ = time_command([S6_SVSTAT, dirs[0]], runs)
        return times, None
    finally:
        kill_everything_below_me()
        shutil.rmtree(root, ignore_errors=True)


def print_goals(raw, base, base_err, extra, ns):
    """The #16 goals as ratios of this run: supervice against the C baselines and peers."""
    def med(impl, key):
        v = raw[impl].get(key) if impl in raw else base.get(key)
        return statistics.median(v) if v else None

    def b(key):
        v = base.get(key)
        return statistics.median(v) if v else None

    def cell(key, dec, unit):
        v = b(key)
        return f"{v:.{dec}f} {unit}" if v is not None else f"n/a ({base_err.get(key, 'not measured')})"

    out = ["| goal | baseline in this run | supervice | ratio / difference | goal | met? |",
           "|---|---|---|---|---|---|"]
    goals = {}

    def row(name, base_text, sv, sv_text, value, vtext, goal_text, ok):
        if sv is None and base_text.startswith("n/a (not measured") or (sv is None and base_text == "n/a"):
            return
        met = "—" if ok is None else "n/a" if value is None else ("yes" if ok(value) else "no")
        out.append(f"| {name} | {base_text} | {sv_text if sv is not None else 'n/a'} | "
                   f"{vtext if value is not None else '—'} | {goal_text} | {met} |")
        goals[name] = {"value": value, "met": None if value is None or ok is None else ok(value)}

    for n in ns:
        sv = med("supervice", f"M1_{n}")
        for mode, label in (("posix_spawn", "`posix_spawn` loop"), ("vfork", "`vfork`+pdeathsig+`execve` loop"),
                            ("supervise", "loop of the same work (vfork+pdeathsig, a cgroup and 2 pipes per child)")):
            c = b(f"C_{mode}_{n}")
            r = sv / c if sv is not None and c else None
            floor = mode == "supervise"
            row(f"M1 N={n} / C {label}", cell(f"C_{mode}_{n}", 3, "s"), sv, f"{sv:.3f} s" if sv else None,
                r, f"{r:.2f}×" if r else None, "— (floor)" if floor else "≤ 1.25×",
                None if floor else (lambda v: v <= 1.25))
    m3, sv_st = med("supervice", "M3"), b("runit_sv_status")
    r = m3 / sv_st if m3 is not None and sv_st else None
    row("M3 / runit `sv status` (all 100)", cell("runit_sv_status", 2, "ms"), m3, f"{m3:.2f} ms" if m3 else None,
        r, f"{r:.2f}×" if r else None, "≤ 1×", lambda v: v <= 1.0)
    s6 = b("s6_svstat")
    r = m3 / s6 if m3 is not None and s6 else None
    row("M3 / s6-svstat (one)", cell("s6_svstat", 2, "ms"), m3, f"{m3:.2f} ms" if m3 else None,
        r, f"{r:.2f}×" if r else None, "— (peer)", None)
    hello = b("C_hello")
    for key, label in (("X2", "`--help`"), ("M3", "M3 `ctl status`")):
        sv = med("supervice", key)
        r = sv / hello if sv is not None and hello else None
        row(f"{label} / C hello", cell("C_hello", 2, "ms"), sv, f"{sv:.2f} ms" if sv else None,
            r, f"{r:.2f}×" if r else None, "≤ 2×" if key == "X2" else "— (floor)",
            (lambda v: v <= 2.0) if key == "X2" else None)
    m4 = med("supervice", "M4")
    nmax = max((n for n in ns if b(f"C_posix_spawn_{n}")), default=None)
    spawn_ms = b(f"C_posix_spawn_{nmax}") * 1000.0 / nmax if nmax else None
    d = m4 - spawn_ms if m4 is not None and spawn_ms is not None else None
    row("M4 − one spawn (C `posix_spawn` loop per child)",
        f"{spawn_ms:.2f} ms (N={nmax})" if spawn_ms is not None else "n/a", m4,
        f"{m4:.2f} ms" if m4 is not None else None, d, f"{d:+.2f} ms" if d is not None else None,
        "≤ +1 ms", lambda v: v <= 1.0)
    cat = extra["ceiling"].get("M6_dd_cat_MiBps")
    m6, m6d = med("supervice", "M6"), med("supervisord", "M6")
    r = m6 / cat if m6 is not None and cat else None
    row("M6 / `dd \\| cat > file`", f"{cat:.0f} MiB/s" if cat else "n/a", m6, f"{m6:.0f} MiB/s" if m6 else None,
        r, f"{r:.2f}×" if r else None, "≥ 0.7×", lambda v: v >= 0.7)
    spl = extra["ceiling"].get("M6_dd_splice_MiBps")
    r = m6 / spl if m6 is not None and spl else None
    row("M6 / C `splice` loop (pipe → file)", f"{spl:.0f} MiB/s" if spl else "n/a", m6, f"{m6:.0f} MiB/s" if m6 else None,
        r, f"{r:.2f}×" if r else None, "— (reference)", None)
    r = m6 / m6d if m6 is not None and m6d else None
    row("M6 / supervisord", f"{m6d:.0f} MiB/s (supervisord)" if m6d else "n/a", m6,
        f"{m6:.0f} MiB/s" if m6 else None, r, f"{r:.2f}×" if r else None, "≥ 3×", lambda v: v >= 3.0)
    if len(out) > 2:
        print()
        print("Issue #16 goals against the C baselines and peers of this run (medians):")
        print()
        print("\n".join(out))
    return "\n".join(out), goals


# ---------------------------------------------------------------------------------------------
# Rows, table, JSON

# key -> (label, unit, better ('lower'|'higher'), target value, target text, decimals)
ROWS = [
    ("M1_1000", "M1 launch → 1000 `sleep` children exist", "s", "lower", 1.0, "≤ 1.0 s", 3),
    ("M1_100", "M1 launch → 100 `sleep` children exist", "s", "lower", 0.15, "≤ 0.15 s", 3),
    ("M2_100", "M2 PSS of the daemon, 100 programs", "MiB", "lower", 8.0, "≤ 8 MiB", 1),
    ("M2_1000", "M2 PSS of the daemon, 1000 programs", "MiB", "lower", 16.0, "≤ 16 MiB", 1),
    ("M3", "M3 one whole `ctl status` process, 100 programs", "ms", "lower", 4.0, "≤ 4 ms", 1),
    ("M4", "M4 respawn after SIGKILL (kill → new child pid)", "ms", "lower", 2.0, "≤ 2 ms", 2),
    ("M5cs", "M5 voluntary context switches idle, 100 programs", "", "lower", 0, "0", 0),
    ("M5cpu", "M5 daemon CPU time idle, 100 programs", "ms", "lower", None, "—", 1),
    ("M6", "M6 child stdout → log file", "MiB/s", "higher", 1536.0, "≥ 1.5 GiB/s", 0),
    ("M6cpu", "M6 daemon CPU time for the transfer", "ms", "lower", None, "—", 1),
    ("M6lines", "M6 with 100-byte lines, timestamps off", "MiB/s", "higher", None, "—", 0),
    ("M6ts", "M6 with 100-byte lines, `stdout_log_timestamps = true`", "MiB/s", "higher", None, "≥ ½ × M6lines", 0),
    ("M7_1000", "M7 shutdown, 1000 programs", "s", "lower", 0.3, "≤ 0.3 s", 3),
    ("M7_100", "M7 shutdown, 100 programs", "s", "lower", 0.3, "≤ 0.3 s (set for 1000)", 3),
    ("G0_100", "G0 daemon CPU to all running, 100 programs, no depends_on", "ms", "lower", None, "—", 1),
    ("G1_100", "G1 daemon CPU to all running, 100 programs in a 10-level graph", "ms", "lower", None, "—", 1),
    ("G0_1000", "G0 daemon CPU to all running, 1000 programs, no depends_on", "ms", "lower", None, "—", 1),
    ("G1_1000", "G1 daemon CPU to all running, 1000 programs in a 10-level graph", "ms", "lower", None, "—", 1),
    ("G1cs_1000", "G1 voluntary context switches idle, 1000-program graph", "", "lower", 0, "0", 0),
    ("W1_100", "W1 daemon CPU of one `GET /metrics`, 100 programs", "ms", "lower", None, "—", 2),
    ("W1_1000", "W1 daemon CPU of one `GET /metrics`, 1000 programs", "ms", "lower", 20.0, "< 20 ms", 2),
    ("W2", "W2 voluntary context switches idle, 100 programs, event stream open", "", "lower", 0, "0", 0),
    ("X1", "binary size", "MB", "lower", 5.0, "< 5 MB", 2),
    ("X2", "`supervice --help` start-up", "ms", "lower", 5.0, "< 5 ms", 2),
]


def fmt(v, unit, dec):
    if v is None:
        return None
    s = f"{v:.{dec}f}"
    return f"{s} {unit}".strip()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="fewer trials, N=100 only (< 2 min)")
    ap.add_argument("--bin", default=os.environ.get("SUPERVICE_BIN")
                    or os.path.join(REPO, "bin", "supervice"), help="supervice binary")
    ap.add_argument("--out", default=os.path.join(REPO, "bench-results.json"))
    ap.add_argument("--only", default="", help="comma-separated metric families, e.g. M1,M4,X "
                    "(M2/M7 are taken on the M1 daemons; M3/M4/M5 share one daemon)")
    ap.add_argument("--skip-supervice", action="store_true")
    ap.add_argument("--skip-supervisord", action="store_true")
    args = ap.parse_args()

    for s in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, on_signal)
    set_subreaper()
    started = time.time()
    t_start = time.monotonic()
    quick = args.quick
    only = {x.strip().upper() for x in args.only.split(",") if x.strip()}

    def want(fam):
        return not only or fam in only

    p = dict(
        ns=[100] if quick else [100, 1000],
        launch_trials={100: 3 if quick else 5, 1000: 3},
        status_runs=10 if quick else 20,
        kills=5 if quick else 10,
        idle_s=5.0 if quick else 20.0,
        log_bytes=(20 if quick else 100) * MIB,
        log_trials=3 if quick else 5,
    )

    # raw[impl][key] = list of trial values; errors[impl][key] = reason
    raw = {"supervice": {}, "supervisord": {}}
    errors = {"supervice": {}, "supervisord": {}}
    extra = {"supervice": {}, "supervisord": {}, "ceiling": {}}
    base, base_err = {}, {}  # C baselines and peers (issue #16): key -> list of trial values / reason
    impls = []

    binpath = os.path.abspath(args.bin)
    Supervice.binary = binpath
    sv_reason = None
    if args.skip_supervice:
        sv_reason = "skipped (--skip-supervice)"
    elif not (os.path.isfile(binpath) and os.access(binpath, os.X_OK)):
        sv_reason = f"no executable at {binpath}"
    if sv_reason is None:
        impls.append(Supervice)

    svd_reason = None
    svd_version = None
    if args.skip_supervisord:
        svd_reason = "skipped (--skip-supervisord)"
    try:
        if svd_reason is None:
            svd_reason = ensure_supervisord()
        if svd_reason is None:
            impls.append(Supervisord)
            svd_version = supervisord_version()

        def add(impl, res, mapping):
            for k, v in res.items():
                key = mapping.get(k)
                if key is None:
                    extra[impl].setdefault(k, []).append(v)
                    continue
                raw[impl].setdefault(key, [])
                if isinstance(v, list):
                    raw[impl][key].extend(v)
                else:
                    raw[impl][key].append(v)

        def run(impl_cls, keys, fn, mapping):
            impl = impl_cls.name
            if all(k in errors[impl] for k in keys):
                return  # already failed once: do not waste time on more trials
            try:
                res = fn()
                for k, msg in res.pop("_errors", {}).items():
                    key = mapping.get(k, k)
                    errors[impl][key] = msg
                    log(f"{impl}: {key} failed: {msg}")
                add(impl, res, mapping)
            except BenchError as e:
                for k in keys:
                    errors[impl][k] = str(e)
                log(f"{impl}: {'/'.join(keys)} failed: {e}")
            except subprocess.TimeoutExpired as e:
                for k in keys:
                    errors[impl][k] = f"timeout running {e.cmd[0]}"
                log(f"{impl}: {'/'.join(keys)} timeout: {e}")
            except OSError as e:
                for k in keys:
                    errors[impl][k] = f"OS error: {e}"
                log(f"{impl}: {'/'.join(keys)} OS error: {e}")
            finally:
                kill_everything_below_me()

        cexes = compile_baselines() if (want("M1") or want("M3") or want("X") or want("M6")) else {}
        if isinstance(cexes, str):
            log(f"C baselines not measured: {cexes}")
            for n in p["ns"]:
                base_err[f"C_posix_spawn_{n}"] = base_err[f"C_vfork_{n}"] = base_err[f"C_supervise_{n}"] = cexes
            base_err["C_hello"] = cexes
            cexes = {}

        def run_base(key, fn):
            try:
                base.setdefault(key, []).append(fn())
            except (BenchError, OSError, subprocess.SubprocessError) as e:
                base_err[key] = str(e)
                log(f"baseline {key} failed: {e}")
            finally:
                kill_everything_below_me()

        if want("X") and Supervice in impls:
            log("supervice: binary size and --help start-up")
            run(Supervice, ["X1", "X2"], lambda: scenario_binary(binpath), {"X1": "X1", "X2": "X2"})

        if want("M1") or want("M2") or want("M7"):
            for n in p["ns"]:
                for trial in range(p["launch_trials"][n]):
                    for cls in impls:
                        log(f"{cls.name}: launch/PSS/shutdown, N={n}, trial {trial + 1}")
                        keys = [f"M1_{n}"] + [f"M{m}_{n}" for m in (2, 7) if want(f"M{m}")]
                        # a metric that failed once is not retried (a hung shutdown costs 120 s)
                        err = errors[cls.name]
                        run(cls, keys, lambda cls=cls, n=n, err=err: scenario_launch(
                            cls, n, want("M2") and f"M2_{n}" not in err,
                            want("M7") and f"M7_{n}" not in err),
                            {"M1": f"M1_{n}", "M2": f"M2_{n}", "M7": f"M7_{n}"})
                    if want("M1") and "spawn_loop" in cexes:
                        for mode in ("posix_spawn", "vfork", "supervise"):
                            key = f"C_{mode}_{n}"
                            if key in base_err:
                                continue
                            log(f"C baseline: {mode} loop, N={n}, trial {trial + 1}")
                            run_base(key, lambda mode=mode, n=n: scenario_spawn_loop(cexes["spawn_loop"], mode, n))

        if want("M3") or want("M4") or want("M5"):
            for cls in impls:
                log(f"{cls.name}: idle {p['idle_s']:g} s, {p['status_runs']} x status, "
                    f"{p['kills']} x kill/respawn, 100 programs")
                run(cls, ["M3", "M4", "M5cs", "M5cpu"],
                    lambda cls=cls: scenario_steady(cls, 100, p["status_runs"], p["kills"],
                                                    p["idle_s"]),
                    {"M3": "M3", "M4": "M4", "M5cs": "M5cs", "M5cpu": "M5cpu"})
        if (want("M3") or want("X")) and "hello" in cexes:
            log(f"C baseline: hello, {p['status_runs']} runs")
            try:
                base["C_hello"] = time_command([cexes["hello"]], p["status_runs"])[0]
            except (BenchError, OSError, subprocess.SubprocessError) as e:
                base_err["C_hello"] = str(e)
        if want("M3"):
            for key, fn, what in (("runit_sv_status", scenario_runit, "runsvdir, `sv status` of all 100"),
                                  ("s6_svstat", scenario_s6, "s6-svscan, `s6-svstat` of one of 100")):
                log(f"peer: {what}, {p['status_runs']} runs")
                try:
                    times, why = fn(100, p["status_runs"])
                    if why:
                        base_err[key] = why
                        log(f"peer {key} skipped: {why}")
                    else:
                        base[key] = times
                except (BenchError, OSError, subprocess.SubprocessError) as e:
                    base_err[key] = str(e)
                    log(f"peer {key} failed: {e}")
                finally:
                    kill_everything_below_me()

        if want("G") and Supervice in impls:
            for n in p["ns"]:
                for trial in range(p["launch_trials"][n]):
                    log(f"supervice: dependency graph, N={n}, trial {trial + 1}")
                    run(Supervice, [f"G0_{n}", f"G1_{n}", f"G1cs_{n}"], lambda n=n: scenario_graph(n, p["idle_s"] / 4),
                        {f"G0_{n}": f"G0_{n}", f"G1_{n}": f"G1_{n}", f"G1cs_{n}": f"G1cs_{n}"})
        if want("W") and Supervice in impls:
            for n in p["ns"]:
                log(f"supervice: /metrics scrape cost, N={n}" + (", idle with an event stream open" if n == 100 else ""))
                keys = [f"W1_{n}"] + (["W2"] if n == 100 else [])
                run(Supervice, keys, lambda n=n: scenario_web(n, p["status_runs"], p["idle_s"]),
                    {f"W1_{n}": f"W1_{n}", "W2": "W2"})

        if want("M6"):
            try:
                extra["ceiling"].update(scenario_ceiling(p["log_bytes"], splice_exe=cexes.get("splice") if isinstance(cexes, dict) else None))
            except (OSError, subprocess.CalledProcessError) as e:
                log(f"M6 ceiling not measured: {e}")
            for trial in range(p["log_trials"]):
                for cls in impls:
                    log(f"{cls.name}: {p['log_bytes'] // MIB} MiB stdout -> log, trial {trial + 1}")
                    run(cls, ["M6", "M6cpu"], lambda cls=cls: scenario_logs(cls, p["log_bytes"]),
                        {"M6": "M6", "M6cpu": "M6cpu"})
                if Supervice in impls:  # supervisord has no timestamps: these two are ours only
                    for key, ts in (("M6lines", False), ("M6ts", True)):
                        log(f"supervice: {p['log_bytes'] // MIB} MiB of lines -> log, timestamps {'on' if ts else 'off'}, trial {trial + 1}")
                        run(Supervice, [key], lambda key=key, ts=ts: scenario_logs(Supervice, p["log_bytes"], key, ts), {key: key})
    except (KeyboardInterrupt, Interrupted) as e:
        log(f"interrupted ({e or 'Ctrl-C'}): tearing down")
        sys.exit(130)  # the finally below kills and reaps everything
    finally:
        for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(s, signal.SIG_IGN)  # a second Ctrl-C must not cut the teardown short
        n = kill_everything_below_me()
        remove_temp_dirs()
        if n:
            log(f"teardown: killed {n} leftover processes")

    # ------------------------------------------------------------------ report
    keys_run = set()
    for impl in raw:
        keys_run |= set(raw[impl]) | set(errors[impl])
    rows = []
    lines = ["| metric | supervice | supervisord | ratio (× better for supervice) | target | met? |",
             "|---|---|---|---|---|---|"]
    for key, label, unit, better, tval, ttext, dec in ROWS:
        if key not in keys_run and not (key.startswith("X") and want("X") and sv_reason):
            continue
        if key.startswith("X") and (not want("X")):
            continue
        vals = {}
        cells = {}
        for impl, reason in (("supervice", sv_reason), ("supervisord", svd_reason)):
            if key.startswith(("X", "W")) and impl == "supervisord":
                vals[impl] = None
                cells[impl] = "—"
                continue
            data = raw[impl].get(key)
            if reason:
                vals[impl], cells[impl] = None, f"n/a ({reason})"
            elif key in errors[impl] and not data:
                vals[impl], cells[impl] = None, f"n/a ({errors[impl][key]})"
            elif not data:
                vals[impl], cells[impl] = None, "n/a (not measured)"
            else:
                vals[impl] = statistics.median(data)
                cells[impl] = fmt(vals[impl], unit, dec)
                if key in errors[impl]:
                    cells[impl] += f" (partial: {errors[impl][key]})"
        a, b = vals["supervice"], vals["supervisord"]
        ratio = None
        if a is not None and b is not None:
            num, den = (b, a) if better == "lower" else (a, b)
            if den == 0:
                ratio = None if num == 0 else float("inf")
                rtext = "1.00" if num == 0 else "∞"
            else:
                ratio = num / den
                rtext = f"{ratio:.2f}"
        else:
            rtext = "—"
        met = None
        if tval is not None and a is not None:
            met = (a <= tval) if better == "lower" else (a >= tval)
            if key == "X1":
                met = a < tval
        mtext = "—" if tval is None else ("n/a" if met is None else ("yes" if met else "no"))
        lines.append(f"| {label} | {cells['supervice']} | {cells['supervisord']} | {rtext} | "
                     f"{ttext} | {mtext} |")
        rows.append({
            "key": key, "metric": label, "unit": unit, "better": better,
            "supervice": a, "supervisord": b,
            "supervice_error": errors["supervice"].get(key) or sv_reason,
            "supervisord_error": None if key.startswith(("X", "W")) else (errors["supervisord"].get(key)
                                                                  or svd_reason),
            "ratio_supervice_better": ratio if ratio != float("inf") else "inf",
            "target": ttext, "target_value": tval, "met": met,
            "trials": {"supervice": raw["supervice"].get(key, []),
                       "supervisord": raw["supervisord"].get(key, [])},
        })
    elapsed = time.monotonic() - t_start
    table = "\n".join(lines)
    mode = "quick" if quick else "full"
    print()
    print(f"Supervice vs {svd_version and 'supervisord ' + svd_version or 'supervisord'} — "
          f"{mode} run, {datetime.datetime.now().strftime('%Y-%m-%d %H:%M')}, "
          f"{os.cpu_count()} CPUs, {elapsed:.0f} s")
    print()
    print(table)
    print()
    print("ratio = how many times better supervice is (> 1: supervice better): supervisord/"
          "supervice for times, sizes and counts, supervice/supervisord for MiB/s. "
          "Medians of repeated trials.")
    med = {k: statistics.median(v) for k, v in raw["supervice"].items() if k[:2] in ("G0", "G1") and v}
    if all(k in med for k in ("G0_100", "G1_100", "G0_1000", "G1_1000")):
        g100, g1000 = med["G1_100"] - med["G0_100"], med["G1_1000"] - med["G0_1000"]
        print(f"G: CPU to all running, 1000 vs 100 programs in a 10-level graph: {med['G1_1000'] / med['G1_100']:.1f}x "
              f"(linear: 10x); the graph's own cost (G1 - G0): {g100:.1f} ms vs {g1000:.1f} ms.")
    if "M6_dd_cat_MiBps" in extra["ceiling"]:
        cat = extra["ceiling"]["M6_dd_cat_MiBps"]
        print(f"M6 ceiling without a supervisor (`dd | cat > file`, same size): {cat:.0f} MiB/s"
              + (f"; through a C splice loop: {extra['ceiling']['M6_dd_splice_MiBps']:.0f} MiB/s"
                 if "M6_dd_splice_MiBps" in extra["ceiling"] else "") + ".")
        sv, svd = (statistics.median(raw[i]["M6"]) if raw[i].get("M6") else None
                   for i in ("supervice", "supervisord"))
        if sv is not None:
            extra["ceiling"]["M6_supervice_over_cat"] = sv / cat
            goal = [f"supervice/cat = {sv / cat:.2f} (goal ≥ 0.70: {'met' if sv / cat >= 0.7 else 'not met'})"]
            if svd is not None:
                extra["ceiling"]["M6_supervice_over_supervisord"] = sv / svd
                goal.append(f"supervice/supervisord = {sv / svd:.2f} (goal ≥ 3.00: {'met' if sv / svd >= 3 else 'not met'})")
                goal.append(f"supervisord/cat = {svd / cat:.2f}")
            print("M6 ratios in this run: " + "; ".join(goal) + ".")
    goals_md, goals = print_goals(raw, base, base_err, extra, p["ns"])
    doc = {
        "mode": mode, "started": datetime.datetime.fromtimestamp(started).isoformat(timespec="seconds"),
        "elapsed_s": round(elapsed, 1),
        "host": {"cpus": os.cpu_count(), "kernel": platform.release(),
                 "python": platform.python_version()},
        "supervice_bin": binpath, "supervisord_version": svd_version,
        "params": {k: (v if not isinstance(v, dict) else {str(a): b for a, b in v.items()})
                   for k, v in p.items()},
        "rows": rows, "extra": extra, "table_markdown": table,
        "baselines": base, "baseline_errors": base_err, "goals": goals, "goals_markdown": goals_md,
    }
    try:
        with open(args.out, "w") as f:
            json.dump(doc, f, indent=2, ensure_ascii=False)
            f.write("\n")
        print(f"\nJSON written to {args.out}")
    except OSError as e:
        print(f"\ncould not write {args.out}: {e}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
