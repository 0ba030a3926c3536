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


def open_paths(paths):
    """[(O_PATH fd, is_dir)] for the paths that exist, opened once (in the zygote) and kept open, so
    each new ruleset only adds rules by fd. Paths that do not exist are skipped."""
    opened = []
    for path in paths:
        try:
            fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
        except (FileNotFoundError, PermissionError):  # absent, or unreachable anyway
            continue
        opened.append((fd, os.path.isdir(path)))
    return opened


def new_ruleset(rules):
    """A fresh ruleset fd holding rules: [(O_PATH fd, rights, is_dir) | (path, rights)]. Each call
    is a new kernel object: rules added to it later reach only whoever holds this fd."""
    handled = _handled()
    attr = ctypes.create_string_buffer(struct.pack("<Q", handled))
    ruleset = _check(_libc.syscall(ctypes.c_long(SYS_CREATE_RULESET), attr, ctypes.c_size_t(8),
                                   ctypes.c_uint32(0)), "landlock_create_ruleset")
    try:
        for rule in rules:
            if len(rule) == 3:
                fd, rights, is_dir = rule
                _add_fd_rule(ruleset, fd, rights & handled if is_dir else rights & handled & FILE_ONLY, fd)
            else:
                add_rule(ruleset, *rule)
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
        _add_fd_rule(ruleset, fd, rights, path)
    finally:
        os.close(fd)


def _add_fd_rule(ruleset, fd, rights, what):
    attr = ctypes.create_string_buffer(struct.pack("<Qi", rights, fd))
    _check(_libc.syscall(ctypes.c_long(SYS_ADD_RULE), ctypes.c_int(ruleset), ctypes.c_int(RULE_PATH_BENEATH),
                         attr, ctypes.c_uint32(0)), f"landlock_add_rule({what})")


def restrict_self(ruleset):
    """From now on this process (and its future threads) opens files only as the ruleset allows."""
    _check(_libc.prctl(PR_SET_NO_NEW_PRIVS, *(ctypes.c_ulong(v) for v in (1, 0, 0, 0))), "prctl(PR_SET_NO_NEW_PRIVS)")
    _check(_libc.syscall(ctypes.c_long(SYS_RESTRICT_SELF), ctypes.c_int(ruleset), ctypes.c_uint32(0)),
           "landlock_restrict_self")


def restrict(rules):
    """rules: [(path, rights)]: a new ruleset with them, enforced on this process at once."""
    ruleset = new_ruleset(rules)
    try:
        restrict_self(ruleset)
    finally:
        os.close(ruleset)


def _check(result, what):
    if result < 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")
    return result
