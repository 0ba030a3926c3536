"""One job from the outside: take a child forked ahead of time (by the zygote, see zygote.py), feed
its stdin, read its output under the limits, and judge the outcome. Shared by runner.py (local
pool) and handler.py (Lambda)."""

import builtins
import gc
import mmap
import os
import selectors
import shutil
import tempfile
import time

import child
import figures
import isolation
import probe
import scientific
import stream
import traceregion
import verdict
import warm
import zygote

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
# How long all of a job's runs (one per test case) may last together when its request does not say
# (core's JOB_WALL_BUDGET_MS; a test checks they agree).
JOB_WALL_BUDGET_MS = 30_000
MATPLOTLIB_DIR = ".matplotlib"  # the runner's own matplotlib config and font cache, in its root


class Runner:
    """Runs requests one at a time. `control` (optional) has fileno(), on_readable(), is_cancelled(id)."""

    def __init__(self, control=None, audit_hook=True, preload=True, cpu=None, uid=isolation.NOBODY, sweep=False):
        """preload: import numpy/pandas/matplotlib here once (see scientific.py). cpu: the core this
        runner's jobs are pinned to (None: leave the CPU mask alone). uid: what its jobs run as when
        the runner is root (see isolation.unprivileged_user). sweep: the sandbox owns the machine
        (Lambda), so after each job everything its uid owns in the temp dir and /dev/shm may go
        (isolation.sweep_shared_dirs); a root runner sweeps its jobs' own uid anyway."""
        isolation.seal_runner()  # before anything else: no credentials in this process, not dumpable
        self.features = probe.kernel_features()  # before the imports below make a fork dearer
        probe.log(self.features)
        self.control = control
        self.audit_hook = audit_hook
        self.cpu = cpu
        self.uid = uid
        # Job dirs live under a private root that a job can enter but not list (isolation.ROOT_MODE).
        self.root = tempfile.mkdtemp(prefix="code-remote-")
        scientific.setup(os.path.join(self.root, MATPLOTLIB_DIR))
        self.preloaded = scientific.preload() if preload else []
        # A job of the runner's own uid (Lambda) could rewrite the matplotlib dir for the next one:
        # what the preload left there is put back after each job (isolation.sweep_runner_root).
        self.matplotlib_tree = None if os.geteuid() == 0 else isolation.snapshot_tree(os.path.join(self.root, MATPLOTLIB_DIR))
        os.chmod(self.root, isolation.ROOT_MODE)
        self.libraries = scientific.available()
        self.page = mmap.mmap(-1, 1 << 16, flags=mmap.MAP_SHARED | mmap.MAP_ANONYMOUS)
        self.figures = mmap.mmap(-1, figures.REGION_BYTES, flags=mmap.MAP_SHARED | mmap.MAP_ANONYMOUS)
        self.traces = mmap.mmap(-1, traceregion.REGION_BYTES, flags=mmap.MAP_SHARED | mmap.MAP_ANONYMOUS)
        self.tmpfs = isolation.fillable_tmpfs(self.root)
        self.layers = isolation.layers(audit_hook, cpu, uid)
        # Everything imported so far is permanent: keep the collector from walking (and so
        # copy-on-write copying) the runner's objects in every child.
        gc.freeze()
        self.zygote = zygote.Zygote(self.root, self._start_child, lambda: child.prepare_zygote(audit_hook))  # the last fork this process makes
        self.spare = None
        self.swept_uid = self._swept_uid(sweep)
        self.sweep_before_answer = sweep
        self.dirty = False  # a job ran since the last sweep
        self.retired = False  # the zygote was lost after serving (zygote.ZygoteLost): exit, do not serve

    def prepare(self):
        """Have the next job's child forked now, while idle (see zygote.Prepared)."""
        self._tidy()
        if self.spare is None:
            self.spare = self._fork()

    def close(self):
        self._tidy()
        if self.spare is not None:
            self._discard(self.spare)
            self.spare = None
        self.zygote.close()
        os.chmod(self.root, 0o700)  # listable again, for rmtree
        shutil.rmtree(self.root, ignore_errors=True)

    def _swept_uid(self, sweep):
        """Whose leftovers the sweep removes: the jobs' own uid when the runner is root (unique to
        this runner; never nobody, which other software may use), the runner's own when it owns the
        machine (sweep=True: Lambda); else None (a runner started by hand as a user: its uid's
        files in /tmp are that user's)."""
        if os.geteuid() == 0:
            return self.uid if self.uid != isolation.NOBODY else None
        return os.getuid() if sweep else None

    def _tidy(self):
        """After a job (the runner's idle time locally; the next invocation's start on Lambda):
        sweep what the job may have left in the shared writable dirs, before the next job runs."""
        if self.dirty and self.swept_uid is not None:
            isolation.sweep_shared_dirs(os.path.dirname(self.root), self.root, self.swept_uid)
            keep = {MATPLOTLIB_DIR: self.matplotlib_tree}
            if self.spare is not None:
                keep[os.path.basename(self.spare.dir)] = None
            isolation.sweep_runner_root(self.root, keep)
        self.dirty = False

    @staticmethod
    def _discard(prepared):
        """Kill, reap and clean up a child that is done or will not be used."""
        try:
            prepared.reap()
        except (OSError, zygote.ZygoteGone):
            pass  # a dead zygote took its children with it
        shutil.rmtree(prepared.dir, ignore_errors=True)

    def _fork(self):
        # The shared regions live in every child's memory, so a job can read them: what the last
        # job left there (its trace, its figures, its exception's message) is dropped first.
        for region in (self.page, self.figures, self.traces):
            _wipe(region)
        child.clear_report(self.page)  # only ever one live child per runner writes the page
        figures.clear(self.figures)
        traceregion.clear(self.traces)
        return self.zygote.fork_child()

    def _start_child(self, ends, zygote_pid, state):
        """In a new job child (forked by the zygote). Never returns."""
        child.main(ends, self.page, zygote_pid, self.audit_hook, self.cpu, self.figures, self.uid, state, self.traces)

    def _take_child(self):
        """The prepared child if it is still healthy, else a fresh one."""
        prepared, self.spare = self.spare, None
        if prepared is not None and prepared.alive():
            return prepared
        if prepared is not None:
            self._discard(prepared)
        return self._fork()

    def run_request(self, request, on_output=None):
        """A SandboxRequest dict -> a Result dict. Never raises. on_output(stream, text), if given,
        hears a single run's output while it runs (stream.py); runs with test cases do not stream.
        After a ZygoteLost the runner is `retired`: its caller answers and exits (runner.py) or ends
        the instance (handler.py)."""
        self.zygote.seal()  # from here on this heap holds a request
        try:
            limits = request["limits"]
            code = request["code"]
            job_id = request.get("jobId")
            tests = request.get("tests")
            mode = "trace" if request.get("mode") == "trace" else "run"
            # profile: true counts every line; left out, the run is sampled; false: neither.
            profile = request.get("profile")
            budget_ms = request.get("budgetMs") or JOB_WALL_BUDGET_MS
            if not tests:
                result, _ = self.run_within(budget_ms, budget_ms, job_id, code, request.get("stdin", ""), limits,
                                            on_output=on_output, mode=mode, profile=profile is True,
                                            sample=profile is None and mode == "run")
                return result
            return self.run_tests(job_id, code, tests, limits, budget_ms)
        except zygote.ZygoteLost as error:
            self.retired = True
            return verdict.internal_error(f"the sandbox runner lost its zygote and retires: {error}")
        except Exception as error:  # noqa: BLE001 - a malformed request or a runner fault
            return verdict.internal_error(f"sandbox runner failed: {type(error).__name__}: {error}")

    def run_tests(self, job_id, code, tests, limits, budget_ms):
        """Run once per test case, all within the job's time budget; the top-level result is the
        first failing case (or the last). A case the budget cuts off fails `time_limit`; cases after
        a failure are not run. Both are marked outOfBudget when the budget was the reason.
        Test runs are never traced or profiled."""
        outcomes, chosen, out_of_budget = [], None, False
        budget_ends = time.monotonic() + budget_ms / 1000
        for case in tests:
            stdin = case.get("stdin", "")
            left_ms = int((budget_ends - time.monotonic()) * 1000)
            if left_ms <= 0 and chosen is not None:
                out_of_budget = True
                chosen["message"] = _budget_used(budget_ms)
                break
            result, stopped = self.run_within(left_ms, budget_ms, job_id, code, stdin, limits)
            passed = result["verdict"] == "ok" and verdict.same_output(result["stdout"], case["expected"])
            outcome = {"stdin": stdin, "expected": case["expected"], "actual": result["stdout"],
                       "passed": passed, "verdict": result["verdict"]}
            if stopped:
                out_of_budget = True
                outcome["outOfBudget"] = True
            outcomes.append(outcome)
            chosen = result
            if not passed:
                break
            if self.control is not None and self.control.is_cancelled(job_id):
                break
        # Cases after the first failure (or past the budget) are not run: not passed, with no output.
        for case in tests[len(outcomes):]:
            outcomes.append({"stdin": case.get("stdin", ""), "expected": case["expected"], "actual": "",
                             "passed": False, **({"outOfBudget": True} if out_of_budget else {})})
        chosen["tests"] = outcomes
        return chosen

    def run_within(self, left_ms, budget_ms, job_id, code, stdin, limits, **run_options):
        """One run, cut to what is left of the job's time budget when that is less than its wall
        limit -> (result, stopped). `stopped`: the budget, not the job's own limit, ended it; the
        result then fails time_limit with the budget's message."""
        cut = left_ms < limits["wallMs"]
        result = self.run_once(job_id, code, stdin, {**limits, "wallMs": max(1, left_ms)} if cut else limits,
                               **run_options)
        stopped = cut and result["verdict"] == "time_limit"
        if stopped:
            result["message"] = _budget_used(budget_ms)
        return result, stopped

    def run_once(self, job_id, code, stdin, limits, on_output=None, mode="run", profile=False, sample=False):
        self._tidy()
        prepared = self._take_child()
        self.dirty = True
        try:
            # Text the job cannot have written (a lone surrogate from a caller that let one through)
            # is replaced, never a runner fault.
            handover = child.encode_job(code, limits, mode, profile, sample) + stdin.encode("utf-8", "replace")
            started = time.monotonic()  # the job's wall clock starts when it is handed over
            streamer = stream.Streamer(on_output) if on_output is not None else None
            outcome = Supervisor(prepared, limits, started, self.tmpfs, streamer).run(handover, self.control, job_id)
        except BaseException:
            self._discard(prepared)  # a runner fault must not leave the child behind
            raise
        # The dir goes before the answer (the next job may start on another runner at once).
        shutil.rmtree(prepared.dir, ignore_errors=True)
        if self.sweep_before_answer:
            self._tidy()  # Lambda: after returning, the environment is frozen until the next request
        # The page is read only now, and only for what the user owns anyway (child.read_report).
        result = verdict.judge(outcome, child.read_report(self.page), limits)
        # So is the trace region: what it holds can only be the user's own trace (traceregion.read).
        trace, line_profile = traceregion.read(self.traces, mode, profile, code, outcome["stdout"])
        if line_profile is not None:
            result["profile"] = line_profile
        line_samples = traceregion.read_samples(self.traces, code) if sample else None
        if line_samples:
            result["lineSamples"] = line_samples
        if trace is not None:
            result["trace"] = trace  # stored apart from the job by the worker, never in its item
        images, truncated = figures.read(self.figures)
        return figures.attach(result, images, truncated)


def _budget_used(budget_ms):
    return f"time budget used: a job's runs together may last {budget_ms} ms"


def _wipe(region):
    """Zero a shared anonymous region for every process that maps it: MADV_REMOVE frees its pages
    (they read as zeros after) without touching them, whatever the last job left; writing zeros is
    the fallback. Test: between-jobs "a job finds nothing of the last
    job's trace, report or figures"."""
    try:
        region.madvise(mmap.MADV_REMOVE)
    except (AttributeError, OSError):
        region.seek(0)
        region.write(bytes(len(region)))


class Supervisor:
    """The parent's side of one child: pipes, limits, reaping. Always leaves no process behind.

    The child's exit is watched through a pidfd (Linux >= 5.3), so one select() covers stdin,
    both output pipes, the child's exit, the driver's cancel channel and the wall-clock deadline.
    """

    def __init__(self, prepared, limits, started, tmpfs=(), streamer=None):
        """tmpfs: memory-backed file systems the job can fill (isolation.fillable_tmpfs). streamer:
        where accepted output also goes while the job runs (stream.Streamer), if anywhere."""
        self.streamer = streamer
        self.prepared = prepared
        self.tmpfs = tmpfs
        self.pid = prepared.pid
        self.stdin_w, self.stdout_r, self.stderr_r = prepared.stdin_w, prepared.stdout_r, prepared.stderr_r
        self.cap = limits["outputBytes"]
        self.deadline = started + limits["wallMs"] / 1000
        self.started = started
        self.ended = None
        self.output = {self.stdout_r: bytearray(), self.stderr_r: bytearray()}
        self.truncated = {self.stdout_r: False, self.stderr_r: False}
        self.stopped = None  # why the runner killed the job: time | output | memory | cancelled | shutdown
        # The child writes child.READY to its stdout once it is inside the sandbox, just before it
        # reads its job: until that byte arrives no user code can have run, so only then is a setup
        # failure it reports believed (verdict: internal_error); after it, the page is the user's.
        self.ready = False
        self.memory_budget = limits["memoryMb"] * 1024 * 1024
        self.status = os.open(f"/proc/{self.pid}/status", os.O_RDONLY | os.O_CLOEXEC)
        self.memory_base = self._memory()  # what the child (and the tmpfs it can fill) held before its job arrived
        self.setup_cpu_ms = _cpu_ms_so_far(self.pid)  # entering the sandbox: the platform's CPU, not the job's

    def run(self, stdin, control, job_id):
        pidfd = self.prepared.pidfd
        sel = selectors.DefaultSelector()
        os.set_blocking(self.stdin_w, False)
        sel.register(self.stdin_w, selectors.EVENT_WRITE)
        for fd in (self.stdout_r, self.stderr_r, pidfd):
            sel.register(fd, selectors.EVENT_READ)
        if control is not None:
            sel.register(control.fileno(), selectors.EVENT_READ)
        pending = memoryview(stdin)
        open_streams, drain_until, exited = 2, None, False
        try:
            # Until the child has exited (its pidfd) and both streams are drained: a job that
            # closed its stdout and stderr is still running, under the same clock and watchdog.
            while open_streams > 0 or not exited:
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
                if self.streamer is not None:
                    self.streamer.flush_due()
                    due = self.streamer.next_due()
                    if due is not None:
                        timeout = min(timeout, max(0.0, due - time.monotonic()))
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
                        exited = True
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
            os.close(self.status)
            self.prepared.close_fds()
            if self.streamer is not None:
                self.streamer.flush_all()
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

    def _memory(self):
        """The job's memory as the kernel holds it: its resident anonymous and shared pages, plus the
        tmpfs pages it can have filled with files (System V shm and memfd, the other ways to hold
        memory outside both, are refused by seccomp)."""
        total = self._resident_anon()
        for path in self.tmpfs:
            try:
                usage = os.statvfs(path)
                total += (usage.f_blocks - usage.f_bfree) * usage.f_frsize
            except OSError:
                pass
        return total

    def _over_memory(self):
        return self._memory() - self.memory_base > self.memory_budget

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
        if fd == self.stdout_r and not self.ready:
            if chunk[:1] != child.READY:  # cannot happen: nothing else writes before it
                raise RuntimeError("the job child wrote before it was ready")
            self.ready, chunk = True, chunk[1:]
        buffer = self.output[fd]
        room = self.cap - len(buffer)
        buffer += chunk[:room]
        if self.streamer is not None and room > 0:
            self.streamer.take("stdout" if fd == self.stdout_r else "stderr", chunk[:room])
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
        self.deadline = self.ended + DRAIN_AFTER_EXIT_S  # the select's timeout from now on: its exit is due

    def _kill_group(self):
        self.prepared.kill()

    def _reap(self):
        """The outcome, all of it from the kernel: the group is killed and the child reaped (by the
        zygote: wait4), which gives its exit status and usage. Nothing the child wrote after its
        job arrived decides any of it (the page is the user's once user code runs)."""
        self._kill_group()
        exit_status = self.prepared.reap()
        ended = self.ended or time.monotonic()
        return {
            **exit_status,
            "cpuMs": round(max(0.0, exit_status["cpuMs"] - self.setup_cpu_ms), 3),
            "ready": self.ready,
            "wallMs": round((ended - self.started) * 1000, 3),
            "stopped": self.stopped,
            "stdout": self._kept(self.stdout_r),
            "stderr": self._kept(self.stderr_r),
            "truncated": {"stdout": self.truncated[self.stdout_r], "stderr": self.truncated[self.stderr_r]},
        }


    def _kept(self, fd):
        """A stream's bytes as the Result keeps them: whole, or when it went past the cap, cut at a
        line boundary (cut_at_line)."""
        kept = bytes(self.output[fd])
        return cut_at_line(kept) if self.truncated[fd] else kept


def cut_at_line(data):
    """Output cut at the output limit, ending at a line boundary: up to and with its last newline;
    when it holds no newline at all (one line longer than the limit), up to its last whole UTF-8
    character. Tests: basics "output past the limit is cut at a line boundary"."""
    newline = data.rfind(b"\n")
    if newline >= 0:
        return data[: newline + 1]
    end = len(data)
    back = 0
    while back < 3 and end - back > 0 and data[end - back - 1] & 0xC0 == 0x80:
        back += 1  # continuation bytes at the end: find the character they belong to
    if end - back > 0:
        lead = data[end - back - 1]
        need = 2 if lead & 0xE0 == 0xC0 else 3 if lead & 0xF0 == 0xE0 else 4 if lead & 0xF8 == 0xF0 else 1
        if need > back + 1:
            return data[: end - back - 1]  # the last character is incomplete: leave it out
    return data


_TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


def _cpu_ms_so_far(pid):
    """CPU the child has used so far, from the kernel: its schedstat (ns; the child is one thread
    until its job starts), else utime + stime from its stat (clock ticks)."""
    try:
        with open(f"/proc/{pid}/schedstat", "rb") as schedstat:
            return int(schedstat.read().split()[0]) / 1e6
    except (OSError, IndexError, ValueError):
        pass
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * _TICK_MS
    except (OSError, IndexError, ValueError):
        return 0.0
