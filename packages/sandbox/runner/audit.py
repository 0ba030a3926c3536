"""The audit hook: refuses, with a human reason, what the kernel layers would refuse with a bare
EPERM (or what they cannot see, like reading a world-readable file outside the job).

It is a courtesy layer, not the wall: an audit hook lives inside the interpreter the user controls,
so anything that gets past it (a C extension, a bug) still meets seccomp, the uid, rlimits and
bubblewrap. That is why the attack suite also runs the process/network attacks with it off.

A refusal raises SandboxBlocked (a PermissionError, like the kernel's) and reports the reason
through on_blocked; the runner turns a job that failed after a refusal into verdict "blocked".
"""

import _stat
import os
import shutil
import subprocess  # noqa: F401 - loaded in the runner, so libraries that import it (matplotlib) can
import sys
import types

NETWORK = "network access is not allowed"
PROCESSES = "starting processes is not allowed"
WRITE_OUTSIDE = "writing outside the job directory is not allowed"
READ_OUTSIDE = "reading files outside the job directory is not allowed"
CTYPES = "loading native code with ctypes is not allowed"
SIGNALS = "signalling other processes is not allowed"
INTROSPECTION = "inspecting the sandbox's own frames and objects is not allowed"
DIR_FDS = "opening a directory as a descriptor is not allowed"

FORK_EXEC_EVENT = "sandbox.fork_exec"  # raised by the stub that replaces _posixsubprocess.fork_exec
PROCESS_EVENTS = frozenset({
    FORK_EXEC_EVENT, "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty",
    "subprocess.Popen", "pty.spawn", "os.startfile",
})
# Modules whose only purpose is what the sandbox forbids; importing them is refused up front.
FORBIDDEN_IMPORTS = {"_posixsubprocess": PROCESSES, "ctypes": CTYPES, "_ctypes": CTYPES}
PATH_WRITE_EVENTS = frozenset({
    "os.remove", "os.rename", "os.mkdir", "os.rmdir", "os.chmod", "os.chown",
    "os.link", "os.truncate", "os.utime", "os.chflags", "os.lchflags", "os.mkfifo", "os.mknod",
    "shutil.rmtree", "shutil.copyfile", "shutil.move",
})
PATH_READ_EVENTS = frozenset({"os.listdir", "os.scandir", "glob.glob"})
# gc's lists of objects are the way from user code to the hook's closure (and so to its policy).
GC_INTROSPECTION = frozenset({"gc.get_objects", "gc.get_referrers", "gc.get_referents"})
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
DIR_FLAGS = os.O_DIRECTORY | os.O_PATH
# Ways to frames that are not the caller's own: other threads' stacks, and tracers/profilers,
# which are handed every frame that runs (the hook's too).
FRAME_EVENTS = frozenset({"sys._current_frames", "sys.settrace", "sys.setprofile", "sys._current_exceptions"})


class SandboxBlocked(PermissionError):
    """Raised by the audit hook; a PermissionError so it reads like what the kernel would say."""


SandboxBlocked.__module__ = "sandbox"  # tracebacks say sandbox.SandboxBlocked, not audit.<...>


class BlockedImport(ImportError):
    """A refused import is an ImportError, so libraries that treat a module as optional (numpy's
    `try: import ctypes`) carry on. It counts as a refusal only if the job fails with it (child.py
    reports it then), not when a library caught it."""


BlockedImport.__module__ = "sandbox"


def prepare():
    """Job-independent, once in the zygote (every child inherits it): drop already-imported
    forbidden modules so a user import goes through the hook again. subprocess stays importable
    (matplotlib, pandas import it; Popen raises an audited event), but its reference to
    _posixsubprocess, whose fork_exec raises no audit event, is replaced by a stub that refuses
    (seccomp would refuse the fork anyway). Not per child: walking sys.modules writes the refcount
    of every module name, i.e. copies pages shared with the zygote."""
    real = sys.modules.get("_posixsubprocess")
    for name in list(sys.modules):
        if name.split(".")[0] in FORBIDDEN_IMPORTS:
            del sys.modules[name]
    _drop_library_ctypes()
    # shutil.rmtree's safe variant opens directories with os.open and works from their fds (dir_fd),
    # which the hook refuses (DIR_FDS): the path-based variant does the same job inside the job dir.
    shutil._use_fd_functions = False
    if real is not None:
        def fork_exec(*args, **kwargs):
            sys.audit(FORK_EXEC_EVENT)  # the child's hook refuses it (and reports the refusal)
            raise SandboxBlocked(f"blocked: {PROCESSES}")

        stub = types.ModuleType("_posixsubprocess")
        stub.fork_exec = fork_exec
        # Only subprocess holds it in the warm runner, with numpy/pandas/matplotlib loaded (checked by
        # attacks/fork_exec_via_subprocess.py). Scanning every module instead would cost every job
        # many page copies: each getattr writes a refcount, i.e. copies a page shared with the runner.
        module = sys.modules.get("subprocess")
        if getattr(module, "_posixsubprocess", None) is real:  # Python >= 3.12
            module._posixsubprocess = stub
        if getattr(module, "_fork_exec", None) is real.fork_exec:  # Python 3.11
            module._fork_exec = fork_exec


class _RefusedModule(types.ModuleType):
    """Stands in for ctypes where a library kept a reference to it: any use is an audited ctypes
    event, which the hook refuses (verdict blocked), and never the real module."""

    def __getattr__(self, name):
        sys.audit("ctypes.module", name)
        raise BlockedImport(f"blocked: {CTYPES}", name=self.__name__)


def _drop_library_ctypes():
    """numpy and pandas keep a reference to the ctypes module the runner loaded (numpy's is how
    attacks/ctypes_through_numpy.py got it without an import): replaced by a _RefusedModule (numpy's
    arr.ctypes then refuses too). The runner's own modules keep theirs: every call through them
    raises a ctypes.* audit event the hook refuses."""
    own = {"isolation", "seccomp", "landlock", "probe", "audit"}
    for name, module in list(sys.modules.items()):
        if name in own or name.split(".")[0] in FORBIDDEN_IMPORTS or not isinstance(module, types.ModuleType):
            continue
        namespace = getattr(module, "__dict__", None) or {}
        for key, value in list(namespace.items()):
            if isinstance(value, types.ModuleType) and value.__name__.split(".")[0] in FORBIDDEN_IMPORTS:
                namespace[key] = _RefusedModule(value.__name__)


def install(readable, writable, on_blocked):
    """Install the hook for this (child) process. Hooks cannot be removed once added. prepare() ran
    in the zygote. readable/writable: the trees a job may read or write, as real paths
    (isolation.py owns that policy).

    Its state lives only in this closure, and everything it calls is bound here, builtins included:
    rebinding names in this module or in builtins changes nothing (attacks/rebind_audit_globals.py,
    attacks/rebind_hook_builtins.py). The closure's mutable parts (the path check, refuse) are
    reachable only through the hook's own frames, so the ways to those frames are refused: the gc's
    object lists (attacks/disarm_audit_hook.py), `tb_frame` of a traceback entry the hook itself
    raised through (attacks/hook_frame_from_traceback.py), sys._getframe while a hook frame is on
    the stack (user code called back from inside the hook), other threads' frames, and tracing or
    profiling (a tracer is handed every frame, the hook's too).

    One sys.settrace passes: the job child's own, made once on every job after its job arrived and
    before the user's first line (tracer.start: the trace run's recorder, the opt-in line profile,
    or None). It closes the window, so user code meets a closed one (attacks/settrace_after_start.py).
    The tracer it installs never sees the hook's frames: CPython runs audit hooks with tracing off."""
    pid = os.getpid()
    trace_window = [True]  # open until the child's one sys.settrace
    close_trace_window = trace_window.clear
    readable = tuple(readable)
    writable = tuple(writable)
    forbidden_imports = tuple(FORBIDDEN_IMPORTS.items())  # immutable: a dict could be emptied in place
    process_events, path_write_events, path_read_events = PROCESS_EVENTS, PATH_WRITE_EVENTS, PATH_READ_EVENTS
    gc_introspection, frame_events = GC_INTROSPECTION, FRAME_EVENTS
    write_flags, dir_flags = WRITE_FLAGS, DIR_FLAGS
    blocked, blocked_import = SandboxBlocked, BlockedImport
    # Builtins and C functions, bound once (the hook has no global lookups: see tests).
    isinstance_, str_, any_, int_, bytes_, is_dir = isinstance, str, any, int, bytes, _is_dir
    hasattr_, type_, str_bytes = hasattr, type, (str, bytes)
    ctypes_, dir_fds_, introspection_, network_ = CTYPES, DIR_FDS, INTROSPECTION, NETWORK
    processes_, read_outside_, signals_, write_outside_ = PROCESSES, READ_OUTSIDE, SIGNALS, WRITE_OUTSIDE
    stat, S_ISDIR, fspath = os.stat, _stat.S_ISDIR, os.fspath
    # The path check resolves paths itself, with C functions only: posixpath.realpath (Python, its
    # helpers module globals) could be monkeypatched by the job (attacks/patch_realpath.py).
    inside = _checker(os.lstat, os.readlink, os.getcwd, fspath, _stat.S_ISLNK)

    def refuse(reason):
        try:
            on_blocked(reason)  # the job may have broken what reporting uses: refuse all the same
        finally:
            raise blocked(f"blocked: {reason}")  # noqa: B012

    def hook(event, args):
        if event == "open":
            path, mode, flags = args
            if isinstance_(path, int_):
                return
            writing = (isinstance_(mode, str_) and any_(c in mode for c in "wax+")) or (
                mode is None and isinstance_(flags, int_) and flags & write_flags)
            if writing:
                if not inside(path, writable):
                    refuse(write_outside_)
            elif not inside(path, readable):
                refuse(read_outside_)
            if mode is None and isinstance_(flags, int_) and (flags & dir_flags or is_dir(stat, S_ISDIR, path)):
                # os.open of a directory: a descriptor to resolve relative paths from (dir_fd=),
                # which this event never shows. shutil.rmtree does without (prepare()).
                refuse(dir_fds_)
        elif event == "object.__getattr__":
            if args[1] == "tb_frame" and (args[0].tb_lineno, args[0].tb_lasti) in own_sites:
                refuse(introspection_)
        elif event == "sys._getframe":
            frame = args[0]
            while frame is not None:
                if frame.f_code in own_code:
                    refuse(introspection_)
                frame = frame.f_back
        elif event == "sys.settrace" and trace_window:
            close_trace_window()
        elif event in frame_events:
            refuse(introspection_)
        elif event.startswith("socket."):
            refuse(network_)
        elif event in process_events:
            refuse(processes_)
        elif event.startswith("ctypes."):
            refuse(ctypes_)
        elif event == "import":
            top = str_(args[0]).split(".")[0]
            for name, reason in forbidden_imports:
                if name == top:
                    raise blocked_import(f"blocked: {reason}", name=str_(args[0]))
        elif event in ("os.kill", "os.killpg"):
            if args[0] not in (0, pid):
                refuse(signals_)
        elif event == "os.symlink":
            # The target is resolved from the link's directory (not the cwd) and must stay inside.
            target, link = args[0], args[1]
            if not inside(link, writable):
                refuse(write_outside_)
            if args[2] not in (None, -1):
                refuse(write_outside_)
            target, link = fspath(target), fspath(link)
            if isinstance_(target, bytes_) or isinstance_(link, bytes_):
                refuse(write_outside_)  # str paths only: bytes links are not worth a second parser
            if not target.startswith("/"):
                target = link.rpartition("/")[0] + "/" + target if "/" in link else target
            if not inside(target, writable):
                refuse(write_outside_)
        elif event in path_write_events:
            for path in args[:2]:
                if (isinstance_(path, str_bytes) or hasattr_(type_(path), "__fspath__")) and not inside(path, writable):
                    refuse(write_outside_)
        elif event in gc_introspection:
            refuse(introspection_)
        elif event in path_read_events:
            if args and (isinstance_(args[0], str_bytes) or hasattr_(type_(args[0]), "__fspath__")) \
                    and not inside(args[0], readable):
                refuse(read_outside_)

    own_code = (hook.__code__, refuse.__code__, inside.__code__,
                *(cell.cell_contents.__code__ for cell in inside.__closure__ if hasattr(cell.cell_contents, "__code__")))
    own_sites = _raise_sites(hook.__code__, refuse.__code__)
    sys.addaudithook(hook)


def _is_dir(stat, S_ISDIR, path, errors=(OSError, TypeError, ValueError)):
    try:
        return S_ISDIR(stat(path).st_mode)
    except errors:
        return False


def _raise_sites(*codes):
    """(line, instruction offset) of every instruction in these code objects: a traceback entry
    with one of them is a frame of the hook (user code would need the same line and offset)."""
    sites = set()
    for code in codes:
        for start, end, line in code.co_lines():
            if line is not None:
                sites.update((line, lasti) for lasti in range(start, end, 2))
    return frozenset(sites)


def _checker(lstat, readlink, getcwd, fspath, S_ISLNK, any_=any, isinstance_=isinstance, bytes_=bytes,
             os_error=OSError, errors=(TypeError, ValueError, OSError)):
    """inside(path, roots): whether path's real path is one of roots or beneath one (real paths).
    Resolves like os.path.realpath (symlinks followed, at most 40; a missing part kept as written),
    but only through the C functions given here, bound once."""
    def realpath(path):
        path = fspath(path)
        if isinstance_(path, bytes_):
            path = path.decode("utf-8", "surrogateescape")
        if not path.startswith("/"):
            path = getcwd() + "/" + path
        pending, resolved, links = path.split("/")[::-1], [], 0
        while pending:
            part = pending.pop()
            if part == "" or part == ".":
                continue
            if part == "..":
                if resolved:
                    resolved.pop()
                continue
            candidate = "/" + "/".join(resolved) + ("/" if resolved else "") + part
            try:
                is_link = S_ISLNK(lstat(candidate).st_mode)
            except os_error:
                is_link = False
            if not is_link:
                resolved.append(part)
                continue
            links += 1
            if links > 40:
                raise os_error("too many levels of symbolic links")
            target = readlink(candidate)
            if target.startswith("/"):
                resolved = []
            pending.extend(target.split("/")[::-1])
        return "/" + "/".join(resolved)

    def inside(path, roots):
        try:
            real = realpath(path)
        except errors:
            return False
        return any_(real == root or real.startswith(root.rstrip("/") + "/") for root in roots)

    return inside
