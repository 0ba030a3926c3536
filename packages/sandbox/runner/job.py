"""One job from the outside: fork a fresh child, feed its stdin, read its output under the limits,
reap it, and judge the outcome. Shared by runner.py (local pool) and handler.py (Lambda)."""

import builtins
import gc
import mmap
import os
import selectors
import shutil
import signal
import tempfile
import time

import child
import figures
import isolation
import scientific
import verdict
import warm

warm.preload()
# -S skips site, which is what defines exit() and quit(); user code expects them.
import _sitebuiltins  # noqa: E402

builtins.exit = _sitebuiltins.Quitter("exit", "Ctrl-D (i.e. EOF)")
builtins.quit = _sitebuiltins.Quitter("quit", "Ctrl-D (i.e. EOF)")

READ_CHUNK = 1 << 16
DRAIN_AFTER_EXIT_S = 0.2  # how long to wait for pipe EOF once the job's processes are dead
# The memory watchdog samples the job's resident anonymous memory this often; a job is killed
# once that exceeds memoryMb above what the child held when its job arrived. Between two samples
# a job can overshoot by what it allocates in WATCH_INTERVAL_S (tens of MB at most).
WATCH_INTERVAL_S = 0.005
PAGE = os.sysconf("SC_PAGE_SIZE")


class Prepared:
    """A child forked ahead of its job: it has already entered the sandbox (every layer but the
    per-job rlimits) and is blocked reading its job from stdin. Forking and entering the sandbox is
    most of a job's cost, so the runner does it while idle. Also what isolation.enter reads."""

    def __init__(self, root):
        self.dir = tempfile.mkdtemp(dir=root)
        self.pid = None
        stdin, stdout, stderr = os.pipe(), os.pipe(), os.pipe()  # each (read end, write end)
        self.stdin_fd, self.stdout_fd, self.stderr_fd = stdin[0], stdout[1], stderr[1]  # the child's ends
        self.stdin_w, self.stdout_r, self.stderr_r = stdin[1], stdout[0], stderr[0]  # the runner's ends

    def forked(self, pid):
        """In the runner, after fork: keep only our ends of the pipes."""
        self.pid = pid
        for fd in (self.stdin_fd, self.stdout_fd, self.stderr_fd):
            os.close(fd)

    def alive(self):
        return os.waitpid(self.pid, os.WNOHANG) == (0, 0)

    def discard(self):
        """Kill, reap and clean up a child that will not be used."""
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass
        self.close_fds()
        shutil.rmtree(self.dir, ignore_errors=True)

    def close_fds(self):
        """Close the runner's ends that are still open (safe to call twice)."""
        for name in ("stdin_w", "stdout_r", "stderr_r"):
            fd = getattr(self, name)
            if fd >= 0:
                os.close(fd)
                setattr(self, name, -1)


class Runner:
    """Runs requests one at a time. `control` (optional) has fileno(), on_readable(), is_cancelled(id)."""

    def __init__(self, control=None, audit_hook=True, preload=True, cpu=None):
        """preload: import numpy/pandas/matplotlib here once (see scientific.py). cpu: the core this
        runner's jobs are pinned to (None: leave the CPU mask alone)."""
        self.control = control
        self.audit_hook = audit_hook
        self.cpu = cpu
        self.pid = os.getpid()
        # Job dirs live under a private root: mode 0711 lets the unprivileged job uid reach its own
        # dir without listing its neighbours.
        self.root = tempfile.mkdtemp(prefix="code-remote-")
        os.chmod(self.root, 0o711)
        scientific.setup(os.path.join(self.root, ".matplotlib"))
        self.preloaded = scientific.preload() if preload else []
        self.libraries = scientific.available()
        self.page = mmap.mmap(-1, 1 << 16, flags=mmap.MAP_SHARED | mmap.MAP_ANONYMOUS)
        self.figures = mmap.mmap(-1, figures.REGION_BYTES, flags=mmap.MAP_SHARED | mmap.MAP_ANONYMOUS)
        self.layers = isolation.layers(audit_hook, cpu)
        # Everything imported so far is permanent: keep the collector from walking (and so
        # copy-on-write copying) the runner's objects in every child.
        gc.freeze()

        self.spare = None

    def prepare(self):
        """Fork the next job's child now, while idle (see Prepared)."""
        if self.spare is None:
            self.spare = self._fork()

    def close(self):
        if self.spare is not None:
            self.spare.discard()
            self.spare = None
        shutil.rmtree(self.root, ignore_errors=True)

    def _fork(self):
        prepared = Prepared(self.root)
        child.clear_report(self.page)  # only ever one live child per runner writes the page
        figures.clear(self.figures)
        pid = os.fork()
        if pid == 0:
            child.main(prepared, self.page, self.pid, self.audit_hook, self.cpu, self.figures)  # never returns
        prepared.forked(pid)
        return prepared

    def _take_child(self):
        """The prepared child if it is still healthy, else a fresh one."""
        prepared, self.spare = self.spare, None
        if prepared is not None and prepared.alive():
            return prepared
        if prepared is not None:
            prepared.discard()
        return self._fork()

    def run_request(self, request):
        """A SandboxRequest dict -> a Result dict. Never raises."""
        try:
            limits = request["limits"]
            code = request["code"]
            job_id = request.get("jobId")
            tests = request.get("tests")
            if not tests:
                return self.run_once(job_id, code, request.get("stdin", ""), limits)
            return self.run_tests(job_id, code, tests, limits)
        except Exception as error:  # noqa: BLE001 - a malformed request or a runner fault
            return verdict.internal_error(f"sandbox runner failed: {type(error).__name__}: {error}")

    def run_tests(self, job_id, code, tests, limits):
        """Run once per test case; the top-level result is the first failing case (or the last)."""
        outcomes, chosen = [], None
        for case in tests:
            stdin = case.get("stdin", "")
            result = self.run_once(job_id, code, stdin, limits)
            passed = result["verdict"] == "ok" and verdict.same_output(result["stdout"], case["expected"])
            outcomes.append({"stdin": stdin, "expected": case["expected"], "actual": result["stdout"],
                             "passed": passed, "verdict": result["verdict"]})
            chosen = result
            if not passed:
                break
            if self.control is not None and self.control.is_cancelled(job_id):
                break
        # Cases after the first failure are not run: report them as not passed, with no output.
        for case in tests[len(outcomes):]:
            outcomes.append({"stdin": case.get("stdin", ""), "expected": case["expected"], "actual": "",
                             "passed": False})
        chosen["tests"] = outcomes
        return chosen

    def run_once(self, job_id, code, stdin, limits):
        prepared = self._take_child()
        try:
            started = time.monotonic()  # the job's wall clock starts when it is handed over
            handover = child.encode_job(code, limits) + stdin.encode()
            outcome = Supervisor(prepared, limits, started).run(handover, self.control, job_id)
        except BaseException:
            prepared.discard()  # a runner fault must not leave the child behind
            raise
        finally:
            shutil.rmtree(prepared.dir, ignore_errors=True)
        result = verdict.judge(outcome, child.read_report(self.page), limits)
        images, truncated = figures.read(self.figures)
        item_bytes = len(code.encode()) + len(stdin.encode()) + len(outcome["stdout"]) + len(outcome["stderr"])
        return figures.attach(result, images, truncated, item_bytes)


class Supervisor:
    """The parent's side of one child: pipes, limits, reaping. Always leaves no process behind.

    The child's exit is watched through a pidfd (Linux >= 5.3), so one select() covers stdin,
    both output pipes, the child's exit, the driver's cancel channel and the wall-clock deadline.
    """

    def __init__(self, prepared, limits, started):
        self.prepared = prepared
        self.pid = prepared.pid
        self.stdin_w, self.stdout_r, self.stderr_r = prepared.stdin_w, prepared.stdout_r, prepared.stderr_r
        self.cap = limits["outputBytes"]
        self.deadline = started + limits["wallMs"] / 1000
        self.started = started
        self.ended = None
        self.output = {self.stdout_r: bytearray(), self.stderr_r: bytearray()}
        self.truncated = {self.stdout_r: False, self.stderr_r: False}
        self.stopped = None  # why the runner killed the job: time | output | memory | cancelled | shutdown
        self.memory_budget = limits["memoryMb"] * 1024 * 1024
        self.status = os.open(f"/proc/{self.pid}/status", os.O_RDONLY | os.O_CLOEXEC)
        self.memory_base = self._resident_anon()  # what the child held before its job arrived

    def run(self, stdin, control, job_id):
        pidfd = os.pidfd_open(self.pid)
        sel = selectors.DefaultSelector()
        os.set_blocking(self.stdin_w, False)
        sel.register(self.stdin_w, selectors.EVENT_WRITE)
        for fd in (self.stdout_r, self.stderr_r, pidfd):
            sel.register(fd, selectors.EVENT_READ)
        if control is not None:
            sel.register(control.fileno(), selectors.EVENT_READ)
        pending = memoryview(stdin)
        open_streams, drain_until = 2, None
        try:
            while open_streams > 0:
                now = time.monotonic()
                if self.stopped is None and now >= self.deadline:
                    self.stop("time")
                if self.stopped is None and drain_until is None and self._over_memory():
                    self.stop("memory")
                if drain_until is not None and now >= drain_until:
                    break
                timeout = max(0.0, (drain_until or self.deadline) - now)
                if self.stopped is None and drain_until is None:
                    timeout = min(timeout, WATCH_INTERVAL_S)
                for key, _ in sel.select(timeout):
                    fd = key.fd
                    if fd == self.stdin_w:
                        pending = self._feed(pending)
                        if not pending:
                            sel.unregister(fd)
                            os.close(fd)
                            self.prepared.stdin_w = -1
                    elif fd in self.output:
                        if not self._read(fd):
                            sel.unregister(fd)
                            open_streams -= 1
                    elif fd == pidfd:
                        # The child is gone: kill anything it left in its group, then only drain.
                        sel.unregister(fd)
                        self.ended = self.ended or time.monotonic()
                        self._kill_group()
                        drain_until = time.monotonic() + DRAIN_AFTER_EXIT_S
                    else:
                        control.on_readable()
                        if control.eof:  # the driver is gone or closing the pool
                            sel.unregister(fd)
                            if self.stopped is None:
                                self.stop("shutdown")
                        elif job_id in control.cancelled and self.stopped is None:
                            self.stop("cancelled")
        finally:
            sel.close()
            os.close(pidfd)
            os.close(self.status)
            self.prepared.close_fds()
        return self._reap()

    def _resident_anon(self):
        """Memory the job child holds that nothing else could give back: resident anonymous pages
        (heap, arrays, thread stacks) plus resident shared memory (an anonymous MAP_SHARED mapping
        is shmem), in bytes. File-backed pages (shared libraries, the interpreter) do not count."""
        try:
            total = 0
            for line in os.pread(self.status, 4096, 0).splitlines():
                if line.startswith((b"RssAnon:", b"RssShmem:")):
                    total += int(line.split()[1]) * 1024
            return total
        except (OSError, IndexError, ValueError):  # the child is gone
            return 0

    def _over_memory(self):
        return self._resident_anon() - self.memory_base > self.memory_budget

    def _feed(self, pending):
        """Write what the pipe takes; returns what is left (nothing once the job closed stdin)."""
        try:
            return pending[os.write(self.stdin_w, pending[:READ_CHUNK]):]
        except BlockingIOError:
            return pending
        except BrokenPipeError:
            return pending[:0]

    def _read(self, fd):
        """Read one chunk; False at EOF or once this stream hit the cap."""
        chunk = os.read(fd, READ_CHUNK)
        if not chunk:
            return False
        buffer = self.output[fd]
        room = self.cap - len(buffer)
        buffer += chunk[:room]
        if len(chunk) > room:
            self.truncated[fd] = True
            if self.stopped is None:
                self.stop("output")
            return False
        return True

    def stop(self, reason):
        self.stopped = reason
        self.ended = time.monotonic()
        self._kill_group()

    def _kill_group(self):
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def _reap(self):
        self._kill_group()
        _, status, usage = os.wait4(self.pid, 0)
        ended = self.ended or time.monotonic()
        return {
            "status": status,
            "usage": usage,
            "wallMs": round((ended - self.started) * 1000, 3),
            "stopped": self.stopped,
            "stdout": bytes(self.output[self.stdout_r]),
            "stderr": bytes(self.output[self.stderr_r]),
            "truncated": {"stdout": self.truncated[self.stdout_r], "stderr": self.truncated[self.stderr_r]},
        }
