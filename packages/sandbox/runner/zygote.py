"""The zygote: a copy of the warm runner that forks every job child, so the runner never forks again.

Why: after a fork every page is shared copy-on-write, and the first write to each costs a page fault
in whichever process writes first (the runner's own path writes to many: the selector, the JSON,
the verdict; figures in bench/README.md, "Costs behind the sandbox runner's design"). A runner that
forks its children pays that on every job, between the request and the answer. So the runner
forks this zygote once, after warm-up, and asks it for each child; the zygote pays the faults while
the runner answers.

Each job child is the zygote's child: the zygote arms it to die with the zygote, and the zygote
dies with the runner. The runner watches a child through a pidfd, kills it by process group, and
asks the zygote to reap it (`wait`), which also gives the kernel's exit status and usage.

Protocol on a SOCK_SEQPACKET pair (one message each way per request):
  runner -> zygote  b"fork"              zygote -> runner  {"pid", "dir"} + fds (stdin_w, stdout_r, stderr_r)
  runner -> zygote  b"wait <pid>"        zygote -> runner  {"status", "cpuMs", "peakMemoryKb"}
"""

import gc
import json
import os
import select
import signal
import socket

import isolation

MAX_MESSAGE = 4096


class ZygoteGone(Exception):
    """The zygote died (or never answered): the runner starts a new one, unless it has served a job."""


class ZygoteLost(Exception):
    """The zygote died after the runner started serving jobs. A new zygote would be forked from the
    runner's heap, which by then holds earlier requests (code, stdin, expected outputs, results),
    and every later job would inherit a copy of it. So the runner retires instead: the pool starts
    a fresh runner, Lambda a fresh execution environment (test: pool "zygote")."""


class Prepared:
    """A child forked ahead of its job: it has already entered the sandbox (every layer but the
    per-job rlimits) and is blocked reading its job from stdin. Forking and entering the sandbox is
    most of a job's cost, so it happens while the runner is idle. Also what isolation.enter reads."""

    def __init__(self, pid, job_dir, stdin_w, stdout_r, stderr_r, zygote):
        self.pid, self.dir, self.zygote = pid, job_dir, zygote
        self.stdin_w, self.stdout_r, self.stderr_r = stdin_w, stdout_r, stderr_r  # the runner's ends
        # Safe from pid reuse: the child stays the zygote's unreaped child until we ask for `wait`.
        self.pidfd = os.pidfd_open(pid)

    def alive(self):
        return not select.select([self.pidfd], [], [], 0)[0]  # a pidfd turns readable at exit

    def kill(self):
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def reap(self):
        """Kill, wait for the exit through the zygote, close our fds: {status, cpuMs, peakMemoryKb}."""
        self.kill()
        try:
            return self.zygote.wait(self.pid)
        finally:
            self.close_fds()
            if self.pidfd >= 0:
                os.close(self.pidfd)
                self.pidfd = -1

    def close_fds(self):
        """Close the runner's pipe ends that are still open (safe to call twice)."""
        for name in ("stdin_w", "stdout_r", "stderr_r"):
            fd = getattr(self, name)
            if fd >= 0:
                os.close(fd)
                setattr(self, name, -1)


def _new_job_dir(root):
    """A new empty directory under root with a random name (like tempfile.mkdtemp, mode 0700, but
    without its Python machinery: every page the zygote writes per job is a fault once a child
    shares it)."""
    while True:
        path = f"{root}/job-{os.urandom(9).hex()}"
        try:
            os.mkdir(path, 0o700)
            return path
        except FileExistsError:
            continue


class _ChildEnds:
    """In the zygote: the job child's ends of its three pipes, its fresh job dir (a real path) and
    its own Landlock ruleset (isolation.child_ruleset), all made before the fork."""

    def __init__(self, root, state):
        self.dir = _new_job_dir(root)
        stdin, stdout, stderr = os.pipe(), os.pipe(), os.pipe()  # each (read end, write end)
        self.stdin_fd, self.stdout_fd, self.stderr_fd = stdin[0], stdout[1], stderr[1]
        self.runner_ends = [stdin[1], stdout[0], stderr[0]]
        self.ruleset_fd = None
        try:
            self.ruleset_fd = isolation.child_ruleset(self.dir, state)
        except BaseException:
            self.close_all()
            raise

    def close_all(self):
        for fd in (self.stdin_fd, self.stdout_fd, self.stderr_fd, *self.runner_ends):
            os.close(fd)
        if self.ruleset_fd is not None:
            os.close(self.ruleset_fd)


class Zygote:
    def __init__(self, root, start_child, prepare):
        """prepare() runs once in the zygote, before its loop, and returns what every child shares
        (child.prepare_zygote). start_child(ends, zygote_pid, state) runs in each new job child
        and never returns: ends has the child's pipe ends, job dir and ruleset, zygote_pid is the
        parent it must die with, state what prepare() returned."""
        self.root, self.start_child, self.prepare = os.path.realpath(root), start_child, prepare
        self.pid, self.sock, self.pidfd = None, None, -1
        self.sealed = False  # set once the runner has taken a request: no restart from then on
        self._start()

    def seal(self):
        """From now on the runner's heap holds requests: a dead zygote is not replaced (ZygoteLost)."""
        self.sealed = True

    def alive(self):
        return self.pidfd >= 0 and not select.select([self.pidfd], [], [], 0)[0]

    def fork_child(self):
        """A new prepared child (see Prepared); restarts a dead zygote once, before any request."""
        try:
            return self._fork_child()
        except ZygoteGone as error:
            if self.sealed:
                raise ZygoteLost(str(error)) from error
            self.close()
            self._start()
            return self._fork_child()

    def wait(self, pid):
        reply, _ = self._ask(f"wait {pid}".encode())
        return reply

    def close(self):
        if self.sock is not None:
            self.sock.close()
            self.sock = None
        if self.pidfd >= 0:
            os.close(self.pidfd)
            self.pidfd = -1
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self.pid = None

    def _fork_child(self):
        reply, fds = self._ask(b"fork")
        if len(fds) != 3:
            for fd in fds:
                os.close(fd)
            raise ZygoteGone(f"the zygote sent {len(fds)} fds instead of 3")
        return Prepared(reply["pid"], reply["dir"], *fds, zygote=self)

    def _ask(self, request):
        try:
            self.sock.send(request)
            data, fds, _, _ = socket.recv_fds(self.sock, MAX_MESSAGE, 3)
        except OSError as error:
            raise ZygoteGone(f"the zygote is gone: {error}") from error
        if not data:
            raise ZygoteGone("the zygote is gone")
        reply = json.loads(data)
        if "error" in reply:
            raise OSError(reply["error"])
        return reply, fds

    def _start(self):
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        runner_pid = os.getpid()
        pid = os.fork()
        if pid == 0:
            try:
                ours.close()
                self._serve(theirs, runner_pid)
            finally:
                os._exit(0)
        theirs.close()
        self.pid, self.sock = pid, ours
        self.pidfd = os.pidfd_open(pid)  # the runner watches it while idle (runner.py)

    def _serve(self, sock, runner_pid):
        """The zygote's loop. Never returns."""
        isolation.die_with_runner(runner_pid)
        isolation.not_dumpable()
        zygote_pid = os.getpid()
        keep = sock.fileno()
        os.closerange(3, keep)  # the runner's protocol channel and anything else it held
        os.closerange(keep + 1, os.sysconf("SC_OPEN_MAX"))
        # Once here, not in every child: signals, environment, the hook's preparation, the shared
        # paths (every job child inherits them).
        state = self.prepare()
        root_json = json.dumps(self.root, ensure_ascii=True)[1:-1].encode()  # escaped, for the replies
        gc.freeze()  # what the zygote made is permanent too: no collection walks it in a child
        while True:
            request = sock.recv(MAX_MESSAGE)
            if not request:
                return  # the runner closed its end
            try:
                if request == b"fork":
                    ends = _ChildEnds(self.root, state)
                    pid = os.fork()
                    if pid == 0:
                        sock.close()
                        self.start_child(ends, zygote_pid, state)
                    # JSON by hand (json.dumps per job costs faults): the dir is root + "/job-" + hex digits
                    reply = b'{"pid": %d, "dir": "%s%s"}' % (pid, root_json, ends.dir[len(self.root):].encode())
                    socket.send_fds(sock, [reply], ends.runner_ends)
                    ends.close_all()
                elif request.startswith(b"wait "):
                    _, status, usage = os.wait4(int(request[5:]), 0)
                    sock.send(b'{"status": %d, "cpuMs": %r, "peakMemoryKb": %d}'
                              % (status, (usage.ru_utime + usage.ru_stime) * 1000, usage.ru_maxrss))
                else:
                    sock.send(json.dumps({"error": f"unknown request {request[:20]!r}"}).encode())
            except OSError as error:
                sock.send(json.dumps({"error": f"{type(error).__name__}: {error}"}).encode())
