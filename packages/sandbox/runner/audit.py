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

PROCESS_EVENTS = {
    "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty",
    "subprocess.Popen", "pty.spawn", "os.startfile",
}
# Modules whose only purpose is what the sandbox forbids; importing them is refused up front.
FORBIDDEN_IMPORTS = {"_posixsubprocess": PROCESSES, "ctypes": CTYPES, "_ctypes": CTYPES}
PATH_WRITE_EVENTS = {
    "os.remove", "os.rename", "os.mkdir", "os.rmdir", "os.chmod", "os.chown", "os.symlink",
    "os.link", "os.truncate", "os.utime", "os.chflags", "os.lchflags", "os.mkfifo", "os.mknod",
    "shutil.rmtree", "shutil.copyfile", "shutil.move",
}
PATH_READ_EVENTS = {"os.listdir", "os.scandir", "glob.glob"}
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


class SandboxBlocked(PermissionError):
    """Raised by the audit hook; a PermissionError so it reads like what the kernel would say."""


SandboxBlocked.__module__ = "sandbox"  # tracebacks say sandbox.SandboxBlocked, not audit.<...>


class BlockedImport(ImportError):
    """A refused import is an ImportError, so libraries that treat a module as optional (numpy's
    `try: import ctypes`) carry on. It counts as a refusal only if the job fails with it (child.py
    reports it then), not when a library caught it."""


BlockedImport.__module__ = "sandbox"


def install(readable, writable, on_blocked):
    """Install the hook for this (child) process. Hooks cannot be removed once added.
    readable/writable: the trees a job may read or write (isolation.py owns that policy)."""
    pid = os.getpid()
    readable = tuple(os.path.realpath(path) for path in readable)
    writable = tuple(os.path.realpath(path) for path in writable)
    def refuse(reason):
        on_blocked(reason)
        raise SandboxBlocked(f"blocked: {reason}")

    # Drop already-imported forbidden modules so a user import goes through the hook again.
    # subprocess stays importable (matplotlib, pandas import it; Popen raises an audited event),
    # but every module's reference to _posixsubprocess, whose fork_exec raises no audit event, is
    # replaced by a stub that refuses (seccomp would refuse the fork anyway).
    real = sys.modules.get("_posixsubprocess")
    for name in list(sys.modules):
        if name.split(".")[0] in FORBIDDEN_IMPORTS:
            del sys.modules[name]
    if real is not None:
        def fork_exec(*args, **kwargs):
            refuse(PROCESSES)

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

    def hook(event, args):
        if event == "open":
            path, mode, flags = args
            if isinstance(path, int):
                return
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                mode is None and isinstance(flags, int) and flags & WRITE_FLAGS)
            if writing:
                if not _inside(path, writable):
                    refuse(WRITE_OUTSIDE)
            elif not _inside(path, readable):
                refuse(READ_OUTSIDE)
        elif event.startswith("socket."):
            refuse(NETWORK)
        elif event in PROCESS_EVENTS:
            refuse(PROCESSES)
        elif event.startswith("ctypes."):
            refuse(CTYPES)
        elif event == "import":
            reason = FORBIDDEN_IMPORTS.get(str(args[0]).split(".")[0])
            if reason:
                raise BlockedImport(f"blocked: {reason}", name=str(args[0]))
        elif event in ("os.kill", "os.killpg"):
            if args[0] not in (0, pid):
                refuse(SIGNALS)
        elif event in PATH_WRITE_EVENTS:
            for path in args[:2]:
                if isinstance(path, (str, bytes, os.PathLike)) and not _inside(path, writable):
                    refuse(WRITE_OUTSIDE)
        elif event in PATH_READ_EVENTS:
            if args and isinstance(args[0], (str, bytes, os.PathLike)) and not _inside(args[0], readable):
                refuse(READ_OUTSIDE)

    sys.addaudithook(hook)


def _inside(path, roots):
    try:
        real = os.path.realpath(os.fsdecode(path))
    except (TypeError, ValueError, OSError):
        return False
    return any(real == root or real.startswith(root.rstrip("/") + "/") for root in roots)
