"""The audit hook: refuses, with a human reason, what the kernel layers would refuse with a bare
EPERM (or what they cannot see, like reading a world-readable file outside the job).

It is a courtesy layer, not the wall: an audit hook lives inside the interpreter the user controls,
so anything that gets past it (a C extension, a bug) still meets seccomp, the uid, rlimits and
bubblewrap. That is why the attack suite also runs the process/network attacks with it off.

A refusal raises SandboxBlocked (a PermissionError, like the kernel's) and reports the reason
through on_blocked; the runner turns a job that failed after a refusal into verdict "blocked".
"""

import os
import subprocess  # noqa: F401 - loaded in the runner, so libraries that import it (matplotlib) can
import sys
import types

NETWORK = "network access is not allowed"
PROCESSES = "starting processes is not allowed"
WRITE_OUTSIDE = "writing outside the job directory is not allowed"
READ_OUTSIDE = "reading files outside the job directory is not allowed"
CTYPES = "loading native code with ctypes is not allowed"
SIGNALS = "signalling other processes is not allowed"
INTROSPECTION = "inspecting the interpreter's objects through gc is not allowed"

FORK_EXEC_EVENT = "sandbox.fork_exec"  # raised by the stub that replaces _posixsubprocess.fork_exec
PROCESS_EVENTS = frozenset({
    FORK_EXEC_EVENT, "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty",
    "subprocess.Popen", "pty.spawn", "os.startfile",
})
# Modules whose only purpose is what the sandbox forbids; importing them is refused up front.
FORBIDDEN_IMPORTS = {"_posixsubprocess": PROCESSES, "ctypes": CTYPES, "_ctypes": CTYPES}
PATH_WRITE_EVENTS = frozenset({
    "os.remove", "os.rename", "os.mkdir", "os.rmdir", "os.chmod", "os.chown", "os.symlink",
    "os.link", "os.truncate", "os.utime", "os.chflags", "os.lchflags", "os.mkfifo", "os.mknod",
    "shutil.rmtree", "shutil.copyfile", "shutil.move",
})
PATH_READ_EVENTS = frozenset({"os.listdir", "os.scandir", "glob.glob"})
# gc's lists of objects are the way from user code to the hook's closure (and so to its policy).
GC_INTROSPECTION = frozenset({"gc.get_objects", "gc.get_referrers", "gc.get_referents"})
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


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
    (seccomp would refuse the fork anyway). Done per child it cost ~1 ms: walking sys.modules
    writes the refcount of every module name, i.e. copies pages shared with the zygote."""
    real = sys.modules.get("_posixsubprocess")
    for name in list(sys.modules):
        if name.split(".")[0] in FORBIDDEN_IMPORTS:
            del sys.modules[name]
    if real is not None:
        def fork_exec(*args, **kwargs):
            sys.audit(FORK_EXEC_EVENT)  # the child's hook refuses it (and reports the refusal)
            raise SandboxBlocked(f"blocked: {PROCESSES}")

        stub = types.ModuleType("_posixsubprocess")
        stub.fork_exec = fork_exec
        # Only subprocess holds it in the warm runner, with numpy/pandas/matplotlib loaded (checked by
        # attacks/fork_exec_via_subprocess.py). Scanning every module instead costs ~45 ms per job
        # here: each getattr writes a refcount, i.e. copies a page shared with the runner.
        module = sys.modules.get("subprocess")
        if getattr(module, "_posixsubprocess", None) is real:  # Python >= 3.12
            module._posixsubprocess = stub
        if getattr(module, "_fork_exec", None) is real.fork_exec:  # Python 3.11
            module._fork_exec = fork_exec


def install(readable, writable, on_blocked):
    """Install the hook for this (child) process. Hooks cannot be removed once added. prepare() ran
    in the zygote. readable/writable: the trees a job may read or write, as real paths
    (isolation.py owns that policy). Its state lives only in this closure: nothing in a module's
    namespace that user code could rebind, and the ways to the closure's cells (the gc's object
    lists) are refused by the hook itself (attacks/disarm_audit_hook.py)."""
    pid = os.getpid()
    readable = tuple(readable)
    writable = tuple(writable)
    # Everything the hook looks up is bound here, once: rebinding a name in this module (e.g.
    # audit._inside, audit.FORBIDDEN_IMPORTS) changes nothing (attacks/rebind_audit_globals.py).
    # (The sets are frozensets; the one dict is copied, so mutating the module's changes nothing.)
    forbidden_imports, process_events = dict(FORBIDDEN_IMPORTS), PROCESS_EVENTS
    path_write_events, path_read_events = PATH_WRITE_EVENTS, PATH_READ_EVENTS
    gc_introspection, write_flags, path_types = GC_INTROSPECTION, WRITE_FLAGS, (str, bytes, os.PathLike)
    blocked, blocked_import = SandboxBlocked, BlockedImport
    inside = _checker(os.path.realpath, os.fsdecode)

    def refuse(reason):
        on_blocked(reason)
        raise blocked(f"blocked: {reason}")

    def hook(event, args):
        if event == "open":
            path, mode, flags = args
            if isinstance(path, int):
                return
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                mode is None and isinstance(flags, int) and flags & write_flags)
            if writing:
                if not inside(path, writable):
                    refuse(WRITE_OUTSIDE)
            elif not inside(path, readable):
                refuse(READ_OUTSIDE)
        elif event.startswith("socket."):
            refuse(NETWORK)
        elif event in process_events:
            refuse(PROCESSES)
        elif event.startswith("ctypes."):
            refuse(CTYPES)
        elif event == "import":
            reason = forbidden_imports.get(str(args[0]).split(".")[0])
            if reason:
                raise blocked_import(f"blocked: {reason}", name=str(args[0]))
        elif event in ("os.kill", "os.killpg"):
            if args[0] not in (0, pid):
                refuse(SIGNALS)
        elif event in path_write_events:
            for path in args[:2]:
                if isinstance(path, path_types) and not inside(path, writable):
                    refuse(WRITE_OUTSIDE)
        elif event in gc_introspection:
            refuse(INTROSPECTION)
        elif event in path_read_events:
            if args and isinstance(args[0], path_types) and not inside(args[0], readable):
                refuse(READ_OUTSIDE)

    sys.addaudithook(hook)


def _checker(realpath, fsdecode):
    """inside(path, roots): whether path's real path is one of roots or beneath one (real paths)."""
    def inside(path, roots):
        try:
            real = realpath(fsdecode(path))
        except (TypeError, ValueError, OSError):
            return False
        return any(real == root or real.startswith(root.rstrip("/") + "/") for root in roots)

    return inside
