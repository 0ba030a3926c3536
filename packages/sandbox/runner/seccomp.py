"""A tiny seccomp-bpf assembler: turns a deny policy into a raw classic-BPF program and loads it
with prctl through ctypes (no libseccomp needed, so it works the same on Lambda and locally).

The policy itself (which calls, which errno) lives in isolation.py; this file only knows syscall
numbers and how to encode instructions. Layout of struct seccomp_data (linux/seccomp.h):
  u32 nr @0, u32 arch @4, u64 instruction_pointer @8, u64 args[6] @16 (+8 each; low half first
  on little-endian, which both supported architectures are).
"""

import ctypes
import errno
import os
import platform
import struct

# Syscall numbers per architecture, only the ones the policy names (checked against the kernel's
# asm/unistd_64.h and asm-generic/unistd.h). The legacy calls fork, vfork, inotify_init, mknod,
# link, chown, lchown and uselib do not exist on aarch64 (glibc uses their *at / clone forms there).
SYSCALLS = {
    "x86_64": {
        "fork": 57, "vfork": 58, "clone": 56, "clone3": 435, "execve": 59, "execveat": 322,
        "socket": 41, "socketpair": 53, "connect": 42, "bind": 49, "listen": 50, "accept": 43,
        "accept4": 288, "ptrace": 101, "process_vm_readv": 310, "process_vm_writev": 311,
        "mount": 165, "umount2": 166, "unshare": 272, "setns": 308, "pivot_root": 155, "chroot": 161,
        "kill": 62, "tkill": 200, "tgkill": 234, "pidfd_open": 434, "pidfd_send_signal": 424,
        "pidfd_getfd": 438, "keyctl": 250, "add_key": 248, "request_key": 249, "bpf": 321,
        "perf_event_open": 298, "userfaultfd": 323, "io_uring_setup": 425, "io_uring_enter": 426,
        "io_uring_register": 427, "personality": 135, "kexec_load": 246, "kexec_file_load": 320,
        "init_module": 175, "finit_module": 313, "delete_module": 176, "reboot": 169, "swapon": 167,
        "swapoff": 168, "acct": 163, "name_to_handle_at": 303, "open_by_handle_at": 304,
        "fanotify_init": 300, "open_tree": 428, "move_mount": 429, "fsopen": 430, "fsconfig": 431,
        "fsmount": 432, "fspick": 433, "setuid": 105, "setgid": 106, "setreuid": 113, "setregid": 114,
        "setresuid": 117, "setresgid": 119, "setgroups": 116, "setsid": 112, "setpgid": 109,
        "sched_setaffinity": 203,
        "shmget": 29, "shmat": 30, "shmctl": 31, "shmdt": 67, "msgget": 68, "msgsnd": 69, "msgrcv": 70,
        "msgctl": 71, "semget": 64, "semop": 65, "semctl": 66, "semtimedop": 220, "mq_open": 240,
        "mq_unlink": 241, "mq_timedsend": 242, "mq_timedreceive": 243, "mq_notify": 244,
        "mq_getsetattr": 245, "memfd_create": 319, "memfd_secret": 447, "rt_sigqueueinfo": 129,
        "rt_tgsigqueueinfo": 297, "prlimit64": 302, "setpriority": 141, "sched_setparam": 142,
        "sched_setscheduler": 144, "sched_setattr": 314, "ioprio_set": 251, "fcntl": 72,
        "inotify_init": 253, "inotify_init1": 294, "inotify_add_watch": 254, "fanotify_mark": 301,
        "kcmp": 312, "migrate_pages": 256, "move_pages": 279, "process_madvise": 440,
        "process_mrelease": 448, "get_robust_list": 274, "mknod": 133, "mknodat": 259, "link": 86,
        "linkat": 265, "chown": 92, "fchown": 93, "lchown": 94, "fchownat": 260, "syslog": 103,
        "quotactl": 179, "quotactl_fd": 443, "mount_setattr": 442, "uselib": 134, "cachestat": 451,
        "vhangup": 153,
    },
    "aarch64": {
        "clone": 220, "clone3": 435, "execve": 221, "execveat": 281,
        "socket": 198, "socketpair": 199, "bind": 200, "listen": 201, "accept": 202, "connect": 203,
        "accept4": 242, "ptrace": 117, "process_vm_readv": 270, "process_vm_writev": 271,
        "mount": 40, "umount2": 39, "unshare": 97, "setns": 268, "pivot_root": 41, "chroot": 51,
        "kill": 129, "tkill": 130, "tgkill": 131, "pidfd_open": 434, "pidfd_send_signal": 424,
        "pidfd_getfd": 438, "keyctl": 219, "add_key": 217, "request_key": 218, "bpf": 280,
        "perf_event_open": 241, "userfaultfd": 282, "io_uring_setup": 425, "io_uring_enter": 426,
        "io_uring_register": 427, "personality": 92, "kexec_load": 104, "kexec_file_load": 294,
        "init_module": 105, "finit_module": 273, "delete_module": 106, "reboot": 142, "swapon": 224,
        "swapoff": 225, "acct": 89, "name_to_handle_at": 264, "open_by_handle_at": 265,
        "fanotify_init": 262, "open_tree": 428, "move_mount": 429, "fsopen": 430, "fsconfig": 431,
        "fsmount": 432, "fspick": 433, "setuid": 146, "setgid": 144, "setreuid": 145, "setregid": 143,
        "setresuid": 147, "setresgid": 149, "setgroups": 159, "setsid": 157, "setpgid": 154,
        "sched_setaffinity": 122,
        "shmget": 194, "shmat": 196, "shmctl": 195, "shmdt": 197, "msgget": 186, "msgsnd": 189,
        "msgrcv": 188, "msgctl": 187, "semget": 190, "semop": 193, "semctl": 191, "semtimedop": 192,
        "mq_open": 180, "mq_unlink": 181, "mq_timedsend": 182, "mq_timedreceive": 183, "mq_notify": 184,
        "mq_getsetattr": 185, "memfd_create": 279, "memfd_secret": 447, "rt_sigqueueinfo": 138,
        "rt_tgsigqueueinfo": 240, "prlimit64": 261, "setpriority": 140, "sched_setparam": 118,
        "sched_setscheduler": 119, "sched_setattr": 274, "ioprio_set": 30, "fcntl": 25,
        "inotify_init1": 26, "inotify_add_watch": 27, "fanotify_mark": 263, "kcmp": 272,
        "migrate_pages": 238, "move_pages": 239, "process_madvise": 440, "process_mrelease": 448,
        "get_robust_list": 100, "mknodat": 33, "linkat": 37, "fchown": 55, "fchownat": 54,
        "syslog": 116, "quotactl": 60, "quotactl_fd": 443, "mount_setattr": 442, "cachestat": 451,
        "vhangup": 58,
    },
}
AUDIT_ARCH = {"x86_64": 0xC000003E, "aarch64": 0xC00000B7}
X32_SYSCALL_BIT = 0x40000000  # x86_64 also accepts x32-ABI numbers: refuse them all

# Classic BPF opcodes (linux/filter.h) and seccomp return values (linux/seccomp.h).
LD_W_ABS, JEQ_K, JGE_K, JSET_K, RET_K = 0x20, 0x15, 0x35, 0x45, 0x06
RET_ALLOW, RET_KILL_PROCESS, RET_ERRNO = 0x7FFF0000, 0x80000000, 0x00050000
OFFSET_NR, OFFSET_ARCH = 0, 4
CLONE_THREAD = 0x00010000
PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2


def arg_low(index):
    """Offset of the low 32 bits of syscall argument `index` (pids and flags fit there)."""
    return 16 + 8 * index


def machine():
    name = platform.machine()
    if name not in SYSCALLS:
        raise OSError(errno.ENOSYS, f"no seccomp policy for architecture {name}")
    return name


class Program:
    """Builds a filter from blocks; every block either returns or falls through with nr loaded."""

    def __init__(self, arch):
        self.numbers = SYSCALLS[arch]
        self.code = [
            (LD_W_ABS, 0, 0, OFFSET_ARCH),
            (JEQ_K, 1, 0, AUDIT_ARCH[arch]),
            (RET_K, 0, 0, RET_KILL_PROCESS),  # a foreign ABI: numbers would mean other calls
            (LD_W_ABS, 0, 0, OFFSET_NR),
        ]
        if arch == "x86_64":
            self.code += [(JGE_K, 0, 1, X32_SYSCALL_BIT), (RET_K, 0, 0, RET_ERRNO | errno.EPERM)]

    def deny(self, name, error=errno.EPERM):
        if name in self.numbers:
            self.code += [(JEQ_K, 0, 1, self.numbers[name]), (RET_K, 0, 0, RET_ERRNO | error)]

    def deny_unless_flag(self, name, arg, flag, error=errno.EPERM):
        """Allow `name` only when argument `arg` has `flag` set (clone with CLONE_THREAD)."""
        if name in self.numbers:
            body = [(LD_W_ABS, 0, 0, arg_low(arg)), (JSET_K, 0, 1, flag), (RET_K, 0, 0, RET_ALLOW), (RET_K, 0, 0, RET_ERRNO | error)]
            self._block(name, body)

    def deny_unless_arg_in(self, name, arg, allowed, error=errno.EPERM):
        """Allow `name` only when argument `arg` (low 32 bits) is one of `allowed`."""
        self.allow_only_if(name, [(arg, allowed)], error)

    def allow_only_if(self, name, conditions, error=errno.EPERM):
        """Allow `name` only when every (arg, allowed values) condition holds for the argument's
        low 32 bits; otherwise fail with `error`. E.g. setpriority(PRIO_PROCESS, 0 or own pid)."""
        if name not in self.numbers:
            return
        body = []
        for arg, values in conditions:
            # a match skips the deny, to the next condition
            body += _arg_in(arg, values) + [(RET_K, 0, 0, RET_ERRNO | error)]
        body.append((RET_K, 0, 0, RET_ALLOW))
        self._block(name, body)

    def deny_if_arg_in(self, name, arg, denied, error=errno.EPERM):
        """Refuse `name` when argument `arg` (low 32 bits) is one of `denied` (fcntl's F_SETOWN...)."""
        if name not in self.numbers:
            return
        # a match skips the allow, to the deny
        self._block(name, _arg_in(arg, denied) + [(RET_K, 0, 0, RET_ALLOW), (RET_K, 0, 0, RET_ERRNO | error)])

    def _block(self, name, body):
        """`body` runs only for syscall `name` and always returns; other calls skip it with the
        syscall number still loaded."""
        if len(body) > 255:
            raise ValueError(f"seccomp block for {name} is too long for a classic-BPF jump")
        self.code.append((JEQ_K, 0, len(body), self.numbers[name]))
        self.code += body

    def allow_rest(self):
        self.code.append((RET_K, 0, 0, RET_ALLOW))

    def encode(self):
        return b"".join(struct.pack("=HBBI", *instruction) for instruction in self.code)

    def template(self, placeholder):
        """Encode once, remembering where compares against `placeholder` keep their constant, so a
        forked child only patches in its own value (its pid) instead of rebuilding the program."""
        offsets = [8 * i + 4 for i, (code, _, _, k) in enumerate(self.code) if code == JEQ_K and k == placeholder]
        return Template(self.encode(), offsets)


def _arg_in(arg, values):
    """Load argument `arg`'s low 32 bits and compare it with each of `values`: a match jumps over the
    remaining compares and the one instruction after them; no match falls through to that instruction."""
    values = list(values)
    code = [(LD_W_ABS, 0, 0, arg_low(arg))]
    for i, value in enumerate(values):
        code.append((JEQ_K, len(values) - i, 0, value & 0xFFFFFFFF))
    return code


class Template:
    def __init__(self, encoded, offsets):
        self.encoded, self.offsets = encoded, offsets

    def loader(self):
        return Loader(self)


class Loader:
    """A template already in the memory the kernel reads (a ctypes buffer and its sock_fprog), built
    once in the runner: a forked child patches its own value in place and loads it, instead of
    building both (the fewer objects a child makes, the fewer copy-on-write faults)."""

    def __init__(self, template):
        self.offsets = template.offsets
        self.buffer = ctypes.create_string_buffer(template.encoded, len(template.encoded))
        self.fprog = _SockFprog(len(template.encoded) // 8, ctypes.addressof(self.buffer))

    def load(self, value):
        """Patch `value` in (this process's copy) and install the filter."""
        for offset in self.offsets:
            struct.pack_into("=I", self.buffer, offset, value & 0xFFFFFFFF)
        _install(ctypes.addressof(self.fprog))


_libc = ctypes.CDLL(None, use_errno=True)  # opened once in the runner, inherited by each child
_libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def _install(fprog_address):
    libc = _libc
    # No new privileges: required for an unprivileged filter, and no setuid binary could undo it.
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS)")
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, fprog_address, 0, 0) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"prctl(PR_SET_SECCOMP): {os.strerror(err)}")
