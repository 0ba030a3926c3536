"""Landlock through ctypes: lets an unprivileged process restrict its own file-system access to a
few directory trees, enforced by the kernel (Linux >= 5.13 with Landlock enabled). Optional: on a
kernel without it (possibly Lambda's), available() is False and the layer is not listed.

The policy (which trees, read or write) lives in isolation.py; this file only speaks the ABI
(linux/landlock.h).
"""

import ctypes
import os
import struct

SYS_CREATE_RULESET, SYS_ADD_RULE, SYS_RESTRICT_SELF = 444, 445, 446  # same on x86_64 and aarch64
CREATE_RULESET_VERSION = 1
RULE_PATH_BENEATH = 1
PR_SET_NO_NEW_PRIVS = 38

EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
REMOVE_DIR, REMOVE_FILE, MAKE_CHAR, MAKE_DIR = 1 << 4, 1 << 5, 1 << 6, 1 << 7
MAKE_REG, MAKE_SOCK, MAKE_FIFO, MAKE_BLOCK, MAKE_SYM = 1 << 8, 1 << 9, 1 << 10, 1 << 11, 1 << 12
REFER, TRUNCATE, IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15

READ = EXECUTE | READ_FILE | READ_DIR
WRITE = (WRITE_FILE | REMOVE_DIR | REMOVE_FILE | MAKE_DIR | MAKE_REG | MAKE_SYM | MAKE_FIFO | REFER
         | TRUNCATE)
FILE_ONLY = EXECUTE | WRITE_FILE | READ_FILE | TRUNCATE | IOCTL_DEV  # rights a non-directory rule may hold
# Rights each ABI version knows; handling a right means "denied unless a rule allows it".
HANDLED_BY_ABI = {1: (1 << 13) - 1, 2: (1 << 14) - 1, 3: (1 << 15) - 1, 4: (1 << 15) - 1}
HANDLED_LATEST = (1 << 16) - 1

_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long


def abi_version():
    """The kernel's Landlock ABI version, or 0 when Landlock is missing or disabled."""
    version = _libc.syscall(ctypes.c_long(SYS_CREATE_RULESET), None, ctypes.c_size_t(0),
                            ctypes.c_uint32(CREATE_RULESET_VERSION))
    return max(0, version)


def available():
    return abi_version() > 0


_HANDLED = None


def _handled():
    global _HANDLED
    if _HANDLED is None:
        _HANDLED = HANDLED_BY_ABI.get(abi_version(), HANDLED_LATEST)
    return _HANDLED


# Arguments built once: a ruleset is made per job (in the zygote), and every ctypes object made per
# call is memory written after a fork, i.e. copy-on-write faults.
_NR_CREATE, _NR_ADD, _NR_RESTRICT = (ctypes.c_long(nr) for nr in (SYS_CREATE_RULESET, SYS_ADD_RULE, SYS_RESTRICT_SELF))
_PATH_BENEATH, _NO_FLAGS, _ATTR_SIZE = ctypes.c_int(RULE_PATH_BENEATH), ctypes.c_uint32(0), ctypes.c_size_t(8)
_NO_NEW_PRIVS_ARGS = (PR_SET_NO_NEW_PRIVS, *(ctypes.c_ulong(v) for v in (1, 0, 0, 0)))


class StaticRules:
    """Rules opened and encoded once (in the zygote) and added by fd to every new ruleset: an O_PATH
    fd per path (kept open; a child closes its copies with every other fd before its job) and the
    encoded rule. Paths that do not exist are skipped."""

    def __init__(self, rules):
        handled = _handled()
        self.ruleset_attr = struct.pack("<Q", handled)
        self.encoded = []
        for path, rights in rules:
            try:
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            except (FileNotFoundError, PermissionError):  # absent, or unreachable anyway
                continue
            rights &= handled if os.path.isdir(path) else handled & FILE_ONLY
            self.encoded.append((path, struct.pack("<Qi", rights, fd)))


def new_ruleset(static, extra=()):
    """A fresh ruleset fd holding the static rules (StaticRules) and extra [(path, rights)]. Each
    call is a new kernel object: rules added to it later reach only whoever holds this fd."""
    ruleset = _check(_libc.syscall(_NR_CREATE, static.ruleset_attr, _ATTR_SIZE, _NO_FLAGS), "landlock_create_ruleset")
    try:
        ruleset_arg = ctypes.c_int(ruleset)
        for path, attr in static.encoded:
            _check(_libc.syscall(_NR_ADD, ruleset_arg, _PATH_BENEATH, attr, _NO_FLAGS), "landlock_add_rule", path)
        for path, rights in extra:
            add_rule(ruleset, path, rights)
    except BaseException:
        os.close(ruleset)
        raise
    return ruleset


def add_rule(ruleset, path, rights):
    """Allow `rights` beneath `path` (skipped when it does not exist or cannot be reached)."""
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except (FileNotFoundError, PermissionError):  # absent, or unreachable for this uid anyway
        return
    try:
        rights &= _handled()
        if not os.path.isdir(path):
            rights &= FILE_ONLY
        _check(_libc.syscall(_NR_ADD, ctypes.c_int(ruleset), _PATH_BENEATH, struct.pack("<Qi", rights, fd), _NO_FLAGS),
               "landlock_add_rule", path)
    finally:
        os.close(fd)


class Finisher:
    """For a ruleset that always sits at one fd (a job child's, see isolation.RULESET_FD): add one
    directory read-only and enforce, with every ctypes argument built once (in the runner)."""

    def __init__(self, ruleset_fd):
        self.ruleset = ctypes.c_int(ruleset_fd)
        self.read_dir = READ & _handled()

    def add_dir_and_restrict(self, path):
        fd = os.open(path, os.O_PATH | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            _check(_libc.syscall(_NR_ADD, self.ruleset, _PATH_BENEATH, struct.pack("<Qi", self.read_dir, fd), _NO_FLAGS),
                   "landlock_add_rule", path)
        finally:
            os.close(fd)
        _check(_libc.prctl(*_NO_NEW_PRIVS_ARGS), "prctl(PR_SET_NO_NEW_PRIVS)")
        _check(_libc.syscall(_NR_RESTRICT, self.ruleset, _NO_FLAGS), "landlock_restrict_self")


def _check(result, what, path=None):
    if result < 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}({path}): {os.strerror(err)}" if path else f"{what}: {os.strerror(err)}")
    return result
