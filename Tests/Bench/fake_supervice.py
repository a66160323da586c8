#!/usr/bin/python3
"""A stand-in for bin/supervice, for testing the benchmark harness itself (not a benchmark!).

    python3 Tests/Bench/bench.py --quick --bin Tests/Bench/fake_supervice.py

Implements just what bench.py drives, with the SPEC §1 command line:
    fake_supervice.py daemon -c FILE -n
    fake_supervice.py ctl -s SOCK status|start NAME|shutdown
    fake_supervice.py --help
Event driven (pidfd + selectors), children in their own process group, autorestart, stdout to
the configured log file (handed to the child directly: no copying), a line protocol on the
unix socket.  Standard library only.
"""
import configparser
import os
import selectors
import shlex
import signal
import socket
import subprocess
import sys

# FAKE_SUPERVICE_BREAK=respawn,shutdown makes the fake misbehave, to test the harness's n/a paths
BREAK = set(os.environ.get("FAKE_SUPERVICE_BREAK", "").split(","))


def parse(path):
    cp = configparser.ConfigParser(interpolation=None, strict=False)
    cp.read(path)
    main = cp["supervice"] if cp.has_section("supervice") else {}
    progs = {}
    for sec in cp.sections():
        if sec.startswith("program:"):
            s = cp[sec]
            progs[sec.split(":", 1)[1]] = {
                "command": shlex.split(s.get("command")),
                "autostart": s.get("autostart", "true").lower() in ("1", "true", "yes", "on"),
                "autorestart": s.get("autorestart", "true").lower() in ("1", "true", "yes", "on"),
                "logfile": s.get("stdout_logfile", "NONE"),
            }
    return main.get("socket"), progs


class Daemon:
    def __init__(self, sock_path, progs):
        self.sel = selectors.DefaultSelector()
        self.progs = progs
        self.procs = {}  # name -> Popen
        self.stopping = False
        self.sock_path = sock_path
        if os.path.exists(sock_path):
            os.unlink(sock_path)
        self.srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.srv.bind(sock_path)
        self.srv.listen(64)
        self.sel.register(self.srv, selectors.EVENT_READ, ("accept", None))

    def spawn(self, name):
        p = self.progs[name]
        lf = p["logfile"]
        out = subprocess.DEVNULL if lf.upper() in ("NONE", "OFF") else open(lf, "ab")
        po = subprocess.Popen(p["command"], stdin=subprocess.DEVNULL, stdout=out,
                              stderr=subprocess.DEVNULL, start_new_session=True)
        if out is not subprocess.DEVNULL:
            out.close()
        fd = os.pidfd_open(po.pid)
        self.sel.register(fd, selectors.EVENT_READ, ("exit", name))
        self.procs[name] = (po, fd)

    def on_exit(self, name):
        po, fd = self.procs.pop(name)
        self.sel.unregister(fd)
        os.close(fd)
        po.wait()
        if self.progs[name]["autorestart"] and not self.stopping and "respawn" not in BREAK:
            self.spawn(name)

    def handle(self, conn):
        data = b""
        while not data.endswith(b"\n"):
            chunk = conn.recv(4096)
            if not chunk:
                break
            data += chunk
        words = data.decode().split()
        verb = words[0] if words else ""
        if verb == "status":
            lines = [f"{n:<20} {'RUNNING' if n in self.procs else 'STOPPED':<10} "
                     f"{self.procs[n][0].pid if n in self.procs else '-'}" for n in self.progs]
            code = 0 if all(n in self.procs for n in self.progs) else 3
            conn.sendall(("\n".join(lines) + f"\n#exit {code}\n").encode())
        elif verb == "start":
            for n in words[1:]:
                if n not in self.procs:
                    self.spawn(n)
            conn.sendall(b"".join(f"{n}: started\n".encode() for n in words[1:]) + b"#exit 0\n")
        elif verb == "shutdown" and "shutdown" in BREAK:
            conn.sendall(b"ERROR: refusing to shut down\n#exit 1\n")
        elif verb == "shutdown":
            conn.sendall(b"Shut down\n#exit 0\n")
            self.stopping = True
        else:
            conn.sendall(b"unknown verb\n#exit 2\n")
        conn.close()

    def run(self):
        for n, p in self.progs.items():
            if p["autostart"]:
                self.spawn(n)
        while not self.stopping:
            for key, _ in self.sel.select():
                kind, arg = key.data
                if kind == "accept":
                    conn, _ = self.srv.accept()
                    self.handle(conn)
                else:
                    self.on_exit(arg)
        for n, (po, fd) in list(self.procs.items()):
            try:
                os.killpg(po.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for n, (po, fd) in list(self.procs.items()):
            po.wait()
        os.unlink(self.sock_path)


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    if argv[0] == "daemon":
        conf = argv[argv.index("-c") + 1]
        sock, progs = parse(conf)
        signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
        Daemon(sock, progs).run()
        return 0
    if argv[0] == "ctl":
        sock = argv[argv.index("-s") + 1]
        rest = argv[argv.index("-s") + 2:]
        try:
            c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            c.connect(sock)
        except OSError:
            print(f"supervice is not running (no socket at {sock})", file=sys.stderr)
            return 4
        c.sendall((" ".join(rest) + "\n").encode())
        data = b""
        while True:
            chunk = c.recv(65536)
            if not chunk:
                break
            data += chunk
        text = data.decode()
        body, _, code = text.rpartition("#exit ")
        sys.stdout.write(body)
        return int(code.strip() or 1)
    print("unknown command", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
