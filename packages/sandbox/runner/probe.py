"""Which kernel features this runner really has, probed once at start and logged as one JSON line on
stderr (the local pool keeps the runner's stderr; Lambda sends it to CloudWatch). What the sandbox
relies on per platform is argued in the README ("What Lambda's kernel offers"); this line is the
evidence from the place itself.

  {"type": "kernel-features", "kernel": "5.10.x", "uid": 993, "landlockAbi": 0,
   "userNamespaces": false, "seccompFilter": true, "notDumpable": true, "cgroupMemory": null,
   "devShm": false}
"""

import ctypes
import json
import os
import sys

import landlock
import seccomp

CLONE_NEWUSER = 0x10000000
PR_GET_DUMPABLE = 3
_USERNS_OK, _SECCOMP_OK = 1, 2  # bits of the probe child's exit status


def kernel_features():
    """The probe. Forks once (before the zygote exists): user namespaces and loading a seccomp
    filter are tried in a throwaway child, never in the runner itself."""
    libc = ctypes.CDLL(None, use_errno=True)
    tried = _try_in_child(libc)
    return {
        "type": "kernel-features",
        "kernel": os.uname().release,
        "machine": os.uname().machine,
        "uid": os.getuid(),
        "landlockAbi": landlock.abi_version(),
        "userNamespaces": bool(tried & _USERNS_OK),
        "seccompFilter": bool(tried & _SECCOMP_OK),
        "notDumpable": libc.prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0,
        "cgroupMemory": memory_cgroup(),
        "devShm": os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK),
    }


def log(features):
    sys.stderr.write(json.dumps(features) + "\n")
    sys.stderr.flush()


def _try_in_child(libc):
    pid = os.fork()
    if pid == 0:
        status = 0
        try:
            if libc.unshare(CLONE_NEWUSER) == 0:
                status |= _USERNS_OK
            program = seccomp.Program(seccomp.machine())
            program.allow_rest()
            seccomp.Template(program.encode(), []).loader().load(0)
            status |= _SECCOMP_OK
        except BaseException:  # noqa: BLE001 - a missing feature is the answer, not an error
            pass
        os._exit(status)
    _, wait_status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(wait_status) if os.WIFEXITED(wait_status) else 0


def memory_cgroup():
    """The memory cgroup this process is in, as "v1 <path>" or "v2 <path>", plus " (writable)" when
    this process could create a child group there; None when there is none."""
    try:
        with open("/proc/self/cgroup") as lines:
            entries = [line.rstrip("\n").split(":", 2) for line in lines]
    except OSError:
        return None
    for _, controllers, path in entries:
        if "memory" in controllers.split(","):
            found = ("v1", f"/sys/fs/cgroup/memory{path}")
            break
    else:
        v2 = [path for hierarchy, controllers, path in entries if hierarchy == "0" and controllers == ""]
        found = ("v2", f"/sys/fs/cgroup{v2[0]}") if v2 else None
        if found and not os.path.exists(os.path.join(found[1], "memory.max")):
            found = None  # v2 without the memory controller here
    if found is None or not os.path.isdir(found[1]):
        return None
    version, directory = found
    return f"{version} {directory}" + (" (writable)" if os.access(directory, os.W_OK) else "")
