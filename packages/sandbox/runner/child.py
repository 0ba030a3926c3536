"""Inside a job child: enter the sandbox, run the user's code as `main.py`, report how it ended.

The report (exception type/message/line, or why setup failed) goes through a shared anonymous
memory page the runner mapped before forking, not through an fd (the child keeps only fds 0-2)
and not through stderr (the user can print anything there). User code can still reach that page
(it lives in this process), so the runner only trusts it for facts the user owns anyway: which
exception their own code raised, what the hook refused. A setup failure is believed only if the
child never said READY (the byte it writes to stdout just before reading its job), i.e. before any
user code could have run. Everything that decides a verdict or usage (exit status, signal, time,
CPU, memory, output size) the runner measures itself, from the kernel.
"""

import builtins
import io
import json
import linecache
import os
import resource
import struct
import sys
import traceback

import figures
import isolation
import tracer

USER_FILENAME = "main.py"
EXIT_SETUP_FAILED = 125  # reserved: the child could not enter the sandbox (-> internal_error)
READY = b"\x06"  # first byte on the job's stdout: inside the sandbox, about to read the job (job.Supervisor)
REPORT_MAX_DEPTH = 8  # the report is flat ({"error": {...}, "blocked": "..."}): deeper is forged


def write_report(page, report):
    data = json.dumps(report).encode()[: len(page) - 4]
    page.seek(0)
    page.write(struct.pack("<I", len(data)) + data)


def read_report(page):
    """The page as a dict, {} for anything else. User code can write the page, so whatever it holds
    is data to survive, not to believe: garbage, a 30 000-deep nesting (RecursionError in json),
    bytes that are not UTF-8 all give {}."""
    try:
        page.seek(0)
        (size,) = struct.unpack("<I", page.read(4))
        if size == 0 or size > len(page) - 4:
            return {}
        data = page.read(size)
        if _nesting(data) > REPORT_MAX_DEPTH:
            return {}
        report = json.loads(data)
    except Exception:  # noqa: BLE001 - ValueError, RecursionError, MemoryError, UnicodeDecodeError...
        return {}
    return report if isinstance(report, dict) else {}


def _nesting(data):
    """An upper bound of the JSON nesting depth (brackets inside strings count too): cheap, and it
    keeps json's recursive decoder away from forged depths."""
    depth = deepest = 0
    for byte in data.translate(None, _NOT_BRACKETS):
        depth += 1 if byte in b"[{" else -1
        deepest = max(deepest, depth)
        if deepest > REPORT_MAX_DEPTH:
            break
    return deepest


_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def clear_report(page):
    page.seek(0)
    page.write(b"\0\0\0\0")


def main(prepared, page, runner_pid, audit_hook=True, cpu=None, region=None, uid=isolation.NOBODY, state=None,
         traces=None):
    """Never returns: the forked child must not fall back into the runner's loop.

    Runs ahead of the job: enter the sandbox, then wait for the job (code, limits and mode, framed
    at the start of stdin), apply its limits and run it. Figures it made go to `region`
    (figures.py), its trace and line profile to `traces` (tracer.py, traceregion.py)."""
    report = Report(page)
    status = EXIT_SETUP_FAILED
    try:
        try:
            isolation.enter(prepared, runner_pid, report.blocked, audit_hook, cpu, uid, state)
            _our_pyplot_show()
            sys.dont_write_bytecode = True  # imports in the job read caches, never write them
            _fresh_std_streams(state.streams)  # fds 0-2, not read yet: the job frame is read raw below
            mapped = isolation.mapped_bytes()
            _rehearse(report)
            fresh_random_state()
            os.write(1, READY)  # from here on the runner believes nothing this process writes
            job = receive_job()
            isolation.resource_limits(job["limits"], mapped, _cpu_ms())
            # Last, with every layer on: the one sys.settrace the audit hook allows (None when the
            # run is not traced), so user code finds the window closed.
            finish_trace = tracer.start(job, traces, USER_FILENAME)
        except BaseException as error:  # noqa: BLE001 - any setup failure is the platform's fault
            report.set("setup", f"{type(error).__name__}: {error}")
            os._exit(EXIT_SETUP_FAILED)
        status = run_user_code(job["code"], report, _capture_figures)
        finish_trace()
        if region is not None:
            figures.write(region)
        _close_std_fds()
    finally:
        os._exit(status)


def fresh_random_state():
    """Per-job random state. `random` reseeds itself after fork (its own at-fork handler); numpy's
    global RandomState does not, so every child of a runner would draw the same numbers: reseed it
    from the kernel's entropy (numpy.random.seed() with no argument). Test: basics "gives every
    forked job its own random state", attacks/numpy_rng_replay.py."""
    numpy_random = sys.modules.get("numpy.random")
    if numpy_random is not None:
        numpy_random.seed()


def _close_std_fds():
    """EOF on every pipe as soon as the job is over, before the kernel tears this process down."""
    for fd in (0, 1, 2):
        try:
            os.close(fd)
        except OSError:
            pass


def _rehearse(report):
    """While idle, walk the first steps of a job once so the memory they write to is copied now.
    After fork every page is shared with the runner, and the first write to each costs a page
    fault; doing it ahead takes those faults off every job (bench/README.md, "Costs behind the
    sandbox runner's design")."""
    json.loads(_REHEARSAL_FRAME[4:])
    compile("print('')\n", USER_FILENAME, "exec", dont_inherit=True)
    for name in (resource.RLIMIT_AS, resource.RLIMIT_CPU, resource.RLIMIT_FSIZE, resource.RLIMIT_NOFILE):
        resource.getrlimit(name)
    report.set("rehearsal", True)  # a report write, as a real job's exception report would make


def encode_job(code, limits, mode="run", profile=False, sample=False):
    """The runner's side of the handover: a length-prefixed JSON frame before the user's stdin.
    mode "trace" records a trace, profile (or a trace) the per-line profile, sample the sampled
    heat map of a run without either (tracer.py)."""
    frame = json.dumps({"code": code, "limits": limits, "mode": mode, "profile": profile,
                        "sample": sample}).encode()
    return struct.pack("<I", len(frame)) + frame


_REHEARSAL_FRAME = encode_job("print('')\n", {"wallMs": 1, "memoryMb": 1, "outputBytes": 1})  # built once, in the runner


def receive_job():
    (size,) = struct.unpack("<I", _read_exactly(4))
    return json.loads(_read_exactly(size))


def _read_exactly(size):
    data = b""
    while len(data) < size:
        chunk = os.read(0, size - len(data))
        if not chunk:  # the runner went away before handing over a job
            os._exit(EXIT_SETUP_FAILED)
        data += chunk
    return data


def _cpu_ms():
    usage = resource.getrusage(resource.RUSAGE_SELF)  # microseconds; os.times() counts 10 ms ticks
    return round((usage.ru_utime + usage.ru_stime) * 1000, 3)


class Report:
    """What the child tells the runner, rewritten to the shared page on every change."""

    def __init__(self, page):
        self.page, self.data = page, {}

    def set(self, key, value):
        self.data[key] = value
        write_report(self.page, self.data)

    def blocked(self, reason):
        if "blocked" not in self.data:  # the first refusal is the one that explains the failure
            self.set("blocked", reason)


def _our_pyplot_show():
    """With matplotlib pre-imported, pyplot.show is ours even if the job picks Agg itself."""
    if "matplotlib.pyplot" in sys.modules:
        import mpl_backend
        mpl_backend.install_show()


def _capture_figures():
    """Figures still open at the end become images too (after any the job showed). Runs before
    atexit handlers: pyplot registers one that destroys every figure."""
    try:
        if "matplotlib.pyplot" in sys.modules:
            import mpl_backend
            mpl_backend.capture_open_figures()
    except BaseException as error:  # noqa: BLE001 - a figure that cannot be drawn is the job's problem
        print(f"figures: could not draw a figure: {type(error).__name__}: {error}", file=sys.stderr)


def prepare_zygote(audit_hook=True):
    """Once, in the zygote: isolation.prepare_zygote, plus the job's stdio objects (see
    _unused_std_streams). Returns the state every child of this zygote shares."""
    state = isolation.prepare_zygote(audit_hook)
    state.streams = _unused_std_streams()
    return state


def _unused_std_streams():
    """In the zygote: stdio objects for fds 0-2 that the zygote never uses, so every child starts
    with a fresh, empty copy (nothing buffered in the runner or the zygote can leak into a job's
    output). Made here, once, instead of in each child (~60 copy-on-write faults per job). They
    are made while fds 0-2 are pipes, like a job's, because the objects remember what they saw
    (seekable, the position): fds 0-2 are then put back."""
    saved = [os.dup(fd) for fd in (0, 1, 2)]
    read_end, write_end = os.pipe()
    try:
        for target, source in ((0, read_end), (1, write_end), (2, write_end)):
            os.dup2(source, target)
        streams = (
            io.TextIOWrapper(io.FileIO(0, "r", closefd=False), encoding="utf-8", errors="replace"),
            # Line-buffered, as on a terminal: each printed line reaches the runner (and the user,
            # streamed) when it is printed, not when a block fills or the program ends.
            io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8", errors="backslashreplace",
                             line_buffering=True),
            io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8", errors="backslashreplace",
                             line_buffering=True),
        )
    finally:
        for target, source in zip((0, 1, 2), saved):
            os.dup2(source, target)
            os.close(source)
        os.close(read_end)
        os.close(write_end)
    return streams


def _fresh_std_streams(streams):
    """The job's stdio: the zygote's unused objects on fds 0-2 (now the job's pipes)."""
    sys.stdin = sys.__stdin__ = streams[0]
    sys.stdout = sys.__stdout__ = streams[1]
    sys.stderr = sys.__stderr__ = streams[2]


def run_user_code(code, report, at_end=lambda: None):
    """Compile as main.py, run as __main__, and turn the outcome into an exit status + report."""
    # Tracebacks show the user's source lines: linecache keeps entries whose mtime is None.
    linecache.cache[USER_FILENAME] = (len(code), None, code.splitlines(True), USER_FILENAME)
    namespace = {"__name__": "__main__", "__file__": USER_FILENAME, "__builtins__": builtins}
    try:
        exec(compile(code, USER_FILENAME, "exec", dont_inherit=True), namespace)
        _finish_like_python(at_end)
        status = 0
    except SystemExit as exit_request:
        status = _exit_status(exit_request.code)
        at_end()
    except BaseException as error:  # noqa: BLE001 - report whatever the user's code raised
        status = 1
        if type(error).__name__ == "BlockedImport" and str(error).startswith("blocked: "):
            report.blocked(str(error)[len("blocked: "):])  # an import the sandbox refused, uncaught
        report_exception(error, report)
        at_end()
    _flush()
    return status


def _finish_like_python(at_end):
    """What the interpreter does at normal exit: wait for non-daemon threads, run atexit handlers
    (and, in between, at_end: capturing figures)."""
    threading = sys.modules.get("threading")
    if threading is not None:
        threading._shutdown()
    at_end()
    atexit = sys.modules.get("atexit")
    if atexit is not None:
        atexit._run_exitfuncs()


def _exit_status(code):
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def _frames_we_may_see(tb):
    """The traceback cut where the audit hook's own entries begin (it refuses their tb_frame, see
    audit.install): the user's frames and the library frames between them and the refusal."""
    first, previous = tb, None
    while tb is not None:
        try:
            tb.tb_frame  # noqa: B018 - the access is the test
        except PermissionError:
            if previous is None:
                return None
            previous.tb_next = None
            break
        previous, tb = tb, tb.tb_next
    return first


def report_exception(error, report):
    """Print the traceback without the runner's frames and report {type, message, line}."""
    try:
        _report_exception(error, report)
    except BaseException:  # noqa: BLE001 - never lose the job's exit status to its own report
        pass


def _report_exception(error, report):
    tb = _frames_we_may_see(error.__traceback__)
    while tb is not None and tb.tb_frame.f_code.co_filename != USER_FILENAME:
        tb = tb.tb_next
    line = None
    if isinstance(error, SyntaxError) and error.filename == USER_FILENAME:
        line = error.lineno
    walk = tb
    while walk is not None:
        if walk.tb_frame.f_code.co_filename == USER_FILENAME:
            line = walk.tb_lineno
        walk = walk.tb_next
    message = error.msg if isinstance(error, SyntaxError) else str(error)
    report.set("error", {"type": type(error).__name__, "message": message, "line": line})
    try:
        printable = traceback.TracebackException(type(error), error, tb)
        _drop_runner_frames(printable)
        sys.stderr.write("".join(printable.format()))
    except BaseException:  # noqa: BLE001 - e.g. MemoryError while formatting: the report already says it
        pass


RUNNER_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep


def _drop_runner_frames(printable, seen=None):
    """Remove the sandbox's own frames (e.g. the audit hook that refused) from a traceback and
    the exceptions chained to it: the user sees their code and the standard library only."""
    seen = seen if seen is not None else set()
    if printable is None or id(printable) in seen:
        return
    seen.add(id(printable))
    kept = [frame for frame in printable.stack if not frame.filename.startswith(RUNNER_DIR)]
    printable.stack = traceback.StackSummary.from_list(kept)
    _drop_runner_frames(printable.__cause__, seen)
    _drop_runner_frames(printable.__context__, seen)


def _flush():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:  # noqa: BLE001 - a closed or broken pipe is the reader's business
            pass
