"""The isolation policy: every layer a job child passes through before the user's first line runs.

Read top to bottom; `enter(job)` applies the layers in this order. Each layer names the attack
test (packages/sandbox/test/...) that proves it. The order matters: things that need privileges
(chown, setuid) come before dropping them, and seccomp comes last because after it the child can
no longer do what the earlier layers needed (and the audit hook, installed just before user code,
would refuse ctypes calls the seccomp loader makes).
"""

import ctypes
import errno
import os
import resource
import shutil
import signal
import stat
import sys

import audit
import landlock
import scientific
import seccomp

NOBODY = 65534
MIB = 1024 * 1024
FILE_SIZE_LIMIT = 8 * MIB  # largest file a job may write into its own directory
OPEN_FILES_LIMIT = 64
THREADS_LIMIT = 256  # RLIMIT_NPROC backstop, only meaningful after dropping to the unprivileged uid
# Address space is only a backstop: the memory limit is the job's real (resident, anonymous) use,
# which the runner's watchdog measures (job.Supervisor). numpy, BLAS and every thread reserve
# address space they never touch (a thread's stack is 8 MiB, a malloc arena 64 MiB), so an
# RLIMIT_AS of exactly memoryMb fails real programs. The headroom keeps absurd reservations (e.g.
# np.zeros of 8 GB, which is never touched) a MemoryError.
ADDRESS_SPACE_HEADROOM = 16 * 1024 * MIB
MALLOC_ARENAS = 2  # glibc's default is 8 per core, 64 MiB of address space each

# Probed once in the runner; absent on older kernels (and, by AWS's documentation, on Lambda: see
# the README). CODE_REMOTE_LANDLOCK=off turns it off where the kernel has it, for the Lambda-faithful
# mode and the attack suite's proof that the other layers hold without it.
LANDLOCK = landlock.available() and os.environ.get("CODE_REMOTE_LANDLOCK") != "off"

_libc = ctypes.CDLL(None, use_errno=True)
PR_SET_PDEATHSIG = 1
_PDEATHSIG_KILL = (PR_SET_PDEATHSIG, *(ctypes.c_ulong(value) for value in (signal.SIGKILL, 0, 0, 0)))  # built once


def new_session():
    """Own session and process group, so the wall-clock kill (killpg) takes every process of the job
    and nothing else. Test: attacks/thread_left_running.py, attacks/sleep_forever.py."""
    os.setsid()


RULESET_FD = 3  # where only_std_fds keeps the child's Landlock ruleset until kernel_file_view


def only_std_fds(stdin_fd, stdout_fd, stderr_fd, ruleset_fd=None):
    """fds 0-2 are the job's pipes; every other descriptor (the runner's protocol channel, pipes of
    other jobs) is closed. The one exception, the job's own Landlock ruleset (made by the zygote,
    see job_ruleset), is kept as fd 3 until kernel_file_view closes it, before user code.
    Test: basics "user output cannot corrupt the protocol", attacks/leftover_fds.py."""
    for target, source in ((0, stdin_fd), (1, stdout_fd), (2, stderr_fd)):
        os.dup2(source, target, inheritable=True)
    first_closed = 3
    if ruleset_fd is not None:
        os.dup2(ruleset_fd, RULESET_FD, inheritable=False)
        first_closed = RULESET_FD + 1
    os.closerange(first_closed, _MAX_FDS)


_MAX_FDS = resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def fresh_job_dir(job_dir, uid=NOBODY):
    """An empty directory as cwd and HOME, owned by the job's uid, deleted by the runner afterwards.
    Test: basics "a file written by job 1 is not visible to job 2"."""
    if os.geteuid() == 0:
        os.chown(job_dir, uid, uid)
    os.chdir(job_dir)


SHARED_WRITABLE_DIRS = ("/dev/shm",)  # besides the temp dir the runner's root lives in


def sweep_shared_dirs(temp_dir, keep, uid):
    """After a job, before the next one: remove what it may have left in the places every job of
    this machine (or Lambda instance) can write, so nothing survives to the next job. Landlock and
    bubblewrap already stop a job from writing there locally; on Lambda (no Landlock, the runner's
    own uid, the only writable places being /tmp and, where it exists, /dev/shm) this sweep is the
    wall, and it is safe there because the sandbox owns the instance. Only entries owned by `uid`
    (the job's) go, except the runner's root (`keep`, a real path); top level only, symlinks are
    removed, never followed. Test: attacks/tmp_plant.py, between-jobs "plants in /tmp"."""
    for directory in (temp_dir, *SHARED_WRITABLE_DIRS):
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue  # absent (Lambda has no /dev/shm) or unreadable
        for entry in entries:
            try:
                if entry.path != keep and entry.stat(follow_symlinks=False).st_uid == uid:
                    _remove(entry)
            except OSError:
                pass  # gone meanwhile


# The runner's root: its owner may create and enter (job dirs) but not list; everyone else may only
# enter. On Lambda a job is that owner (same uid): listing ".." is refused by the kernel, and what a
# job that first chmods it back could find is only its own dir and the runner's config (every earlier
# job's dir is gone, sweep_runner_root restores the rest). Test: attacks/find_earlier_job_file.py.
ROOT_MODE = 0o311


def sweep_runner_root(root, keep):
    """Every entry of the runner's own root but those in `keep` (name -> snapshot_tree of it): on
    Lambda a job can write there too (same uid), so planted entries go and kept trees are put back
    as they were (modes and bytes); the root gets its mode back. Job dirs are removed after each job
    anyway. Test: between-jobs "sweeps what a job planted"."""
    os.chmod(root, 0o700)
    try:
        for entry in list(os.scandir(root)):
            try:
                if entry.name not in keep:
                    _remove(entry)
                elif keep[entry.name] is not None:
                    restore_tree(entry.path, keep[entry.name])
            except OSError:
                pass
    finally:
        os.chmod(root, ROOT_MODE)


def snapshot_tree(path):
    """{relative path: (mode, bytes or None for a directory)} of a small tree the runner made (its
    matplotlib config and font cache), to put back after a job that shares the runner's uid."""
    tree = {"": (os.stat(path).st_mode & 0o7777, None)}
    for directory, dirs, files in os.walk(path):
        for name in dirs + files:
            full = os.path.join(directory, name)
            st = os.lstat(full)
            relative = os.path.relpath(full, path)
            if stat.S_ISDIR(st.st_mode):
                tree[relative] = (st.st_mode & 0o7777, None)
            elif stat.S_ISREG(st.st_mode):
                with open(full, "rb") as f:
                    tree[relative] = (st.st_mode & 0o7777, f.read())
    return tree


def restore_tree(path, tree):
    """Make path what snapshot_tree saw: anything else removed, each file's bytes and mode back."""
    if not os.path.isdir(path) or os.path.islink(path):
        _remove_path(path)
        os.mkdir(path)
    os.chmod(path, 0o700)
    for directory, dirs, files in os.walk(path, topdown=True):
        os.chmod(directory, 0o700)
        for name in list(dirs) + files:
            full = os.path.join(directory, name)
            expected = tree.get(os.path.relpath(full, path))
            kind = os.lstat(full).st_mode
            wanted = stat.S_ISDIR if expected is not None and expected[1] is None else stat.S_ISREG
            if expected is None or not wanted(kind):
                _remove_path(full)
                if name in dirs:
                    dirs.remove(name)
    for relative, (mode, data) in sorted(tree.items()):
        full = os.path.join(path, relative) if relative else path
        if data is None:
            os.makedirs(full, exist_ok=True)
        else:
            try:
                with open(full, "rb") as f:
                    same = f.read() == data
            except FileNotFoundError:
                same = False
            if not same:
                with open(full, "wb") as f:
                    f.write(data)
    for relative, (mode, _) in sorted(tree.items(), key=lambda item: -len(item[0])):
        os.chmod(os.path.join(path, relative) if relative else path, mode)


def _remove_path(path):
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
    elif os.path.lexists(path):
        os.unlink(path)


def _remove(entry):
    if entry.is_dir(follow_symlinks=False):
        shutil.rmtree(entry.path, ignore_errors=True)
    else:
        os.unlink(entry.path)


def clean_environment(job_dir):
    """Nothing inherited: the runner may hold AWS credentials (Lambda) or the developer's variables.
    The zygote already emptied its environment (clean_zygote_environment, inherited by every child:
    nothing to redo per job); the child adds only what names its own job dir. Test: basics "gives
    the job an empty environment", attacks/env_vars.py, attacks/proc_environ.py,
    attacks/zygote_environ.py."""
    # matplotlib's config dir inside the job dir: used only when the runner did not pre-import
    # matplotlib (then the job builds its own font cache there). Set the way os.environ[k] = v does
    # (putenv, then its mapping), minus the generic MutableMapping machinery (~40 faults per job).
    encoded = os.fsencode(job_dir)
    for name, value in ((b"HOME", encoded), (b"TMPDIR", encoded), (b"MPLCONFIGDIR", encoded + b"/.matplotlib")):
        os.putenv(name, value)
        os.environ._data[name] = value


def clean_zygote_environment():
    """Once, in the zygote, for all its children: os.environ.clear() unsets the C environment too;
    the original block that /proc/<pid>/environ shows is a copy made at exec time, so it is zeroed
    in place (in the zygote's copy of the runner's memory; the runner keeps its own). Then the
    variables every job gets: UTF-8, one BLAS thread, matplotlib's backend."""
    os.environ.clear()
    os.environ.update({"LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"})
    os.environ.update({name: value for name, value in scientific.job_environment("").items() if name != "MPLCONFIGDIR"})
    start, end = _ENV_BLOCK
    if end > start:
        ctypes.memset(start, 0, end - start)


# What the runner process itself keeps of the environment it was started with: what the Lambda
# runtime client reads while serving (its API address, the function's metadata for the context
# object, the trace id it sets per invocation) and what the interpreter and libraries read. Never
# credentials: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_CONTAINER_*,
# SST_KEY, or whatever else the driver or Lambda put there.
RUNNER_KEEPS = frozenset({"LANG", "LC_ALL", "TZ", "PATH", "TMPDIR", "HOME", "LD_LIBRARY_PATH", "_HANDLER",
                          "_X_AMZN_TRACE_ID", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR", "AWS_REGION",
                          "AWS_DEFAULT_REGION", "AWS_EXECUTION_ENV"})
RUNNER_KEEPS_PREFIXES = ("AWS_LAMBDA_",)  # AWS_LAMBDA_RUNTIME_API, _FUNCTION_NAME, _LOG_GROUP_NAME, ...
PR_SET_DUMPABLE, PR_GET_DUMPABLE = 4, 3


def seal_runner():
    """In the runner, first thing (runner.py and handler.py both build a job.Runner): nothing a job
    could reach in this process or its zygote. On Lambda a job runs as the runner's own uid, so the
    uid is no wall there:
      - not dumpable: /proc/<runner>/{environ,mem,maps,fd,...} become root's and ptrace-style access
        (opening mem, environ, fd links) needs CAP_SYS_PTRACE, which no job has. The zygote and
        every job child inherit it (fork keeps it), so a job cannot reach the zygote either;
      - the environment pruned to RUNNER_KEEPS: credentials are removed from os.environ (and so the
        C environment), and the block the kernel copied at exec (what /proc/<pid>/environ shows)
        is zeroed in place; the kept variables are set again, now on the heap.
    Test: attacks/runner_proc_files.py, basics "seals the runner"."""
    _prctl(PR_SET_DUMPABLE, 0)
    kept = {name: value for name, value in os.environ.items()
            if name in RUNNER_KEEPS or name.startswith(RUNNER_KEEPS_PREFIXES)}
    os.environ.clear()
    start, end = _ENV_BLOCK
    if end > start:
        ctypes.memset(start, 0, end - start)
    os.environ.update(kept)


def not_dumpable():
    """The zygote says it again (fork keeps it): its /proc files stay root's whatever the runner did."""
    _prctl(PR_SET_DUMPABLE, 0)


def _exec_environ_block():
    """Where the kernel placed the environment at exec: the same addresses in every forked child."""
    with open("/proc/self/stat", "rb") as stat:
        fields = stat.read().rsplit(b")", 1)[1].split()
    return int(fields[47]), int(fields[48])  # fields 50 and 51 of proc(5)


_ENV_BLOCK = _exec_environ_block()


def fillable_tmpfs(root):
    """The memory-backed file systems a job can fill (files in tmpfs are RAM that no RSS figure of
    the job shows): its job dir's, when that is a tmpfs (bubblewrap's private /tmp), and /dev/shm
    when no Landlock stops a job writing there. The runner's watchdog adds what they gained since
    the handover to the job's memory (job.Supervisor). Test: attacks/tmpfs_hoard.py."""
    paths = [root] if _fs_type(root) == "tmpfs" else []
    if not LANDLOCK and os.path.isdir("/dev/shm") and _fs_type("/dev/shm") == "tmpfs" \
            and os.stat("/dev/shm").st_dev != os.stat(root).st_dev:
        paths.append("/dev/shm")
    return tuple(paths)


def _fs_type(path):
    """The type of the file system `path` is on, from /proc/self/mountinfo (longest mount point)."""
    real, best, kind = os.path.realpath(path), "", None
    try:
        with open("/proc/self/mountinfo") as mounts:
            for line in mounts:
                fields, _, tail = line.partition(" - ")
                mount_point = fields.split()[4]
                if (real == mount_point or real.startswith(mount_point.rstrip("/") + "/")) and len(mount_point) >= len(best):
                    best, kind = mount_point, tail.split()[0]
    except (OSError, IndexError):
        return None
    return kind


def mapped_bytes():
    """Address space the child maps before its job: the base the memory budget is added to."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


def resource_limits(limits, mapped, used_cpu_ms=0):
    """Address space (a backstop only, see ADDRESS_SPACE_HEADROOM), CPU seconds (SIGXCPU backstop behind the parent's
    wall clock), file size (disk filling), open files, no core dumps. The address-space budget is on
    top of what the forked runner already maps. Tests: scientific "a 2 GB numpy array",
    attacks/disk_fill.py, attacks/cpu_spin.py."""
    address_space = mapped + limits["memoryMb"] * MIB + ADDRESS_SPACE_HEADROOM
    # RLIMIT_CPU counts the whole process: add what entering the sandbox already used.
    cpu_seconds = max(1, -(-(limits["wallMs"] + int(used_cpu_ms)) // 1000))
    for name, soft, hard in (
        (resource.RLIMIT_AS, address_space, address_space),
        (resource.RLIMIT_CPU, cpu_seconds, cpu_seconds + 1),
        (resource.RLIMIT_FSIZE, FILE_SIZE_LIMIT, FILE_SIZE_LIMIT),
        (resource.RLIMIT_NOFILE, OPEN_FILES_LIMIT, OPEN_FILES_LIMIT),
        (resource.RLIMIT_CORE, 0, 0),
    ):
        resource.setrlimit(name, (soft, hard))


def default_signals():
    """The runner's own handlers must not leak into the job (e.g. an ignored SIGINT). Applied once in
    the zygote (zygote.py), whose children inherit the dispositions: per child it cost copy-on-write
    faults. Test: basics "the job starts with default signal handlers"."""
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGCHLD, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)


def unprivileged_user(uid=NOBODY):
    """When the runner is root (CI, bubblewrap, local), the job runs as an unprivileged uid with no
    groups, so it cannot read root-only files, signal the runner, or read other processes' /proc
    entries, and RLIMIT_NPROC (per uid) becomes meaningful. The driver gives each runner a uid of
    its own (src/job-uids.ts): the thread budget is then per runner, so a job that takes all of it
    cannot stop a job on another runner from starting threads. Tests: attacks/kill_parent.py,
    attacks/read_root.py, attacks/proc_environ.py, test/between-jobs.test.ts."""
    if os.geteuid() != 0:
        return
    resource.setrlimit(resource.RLIMIT_NPROC, (THREADS_LIMIT, THREADS_LIMIT))
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)


def die_with_runner(runner_pid):
    """If the runner dies, the job dies. Armed after the uid change, which would clear it.
    Test: pool "leaves no runner behind after close"."""
    _prctl(*_PDEATHSIG_KILL)
    if os.getppid() != runner_pid:  # the runner died before the signal was armed
        os._exit(1)


def one_cpu(cpu):
    """The job's CPU share: one core (the pool runs one job per core), whatever number of threads
    it starts. Threads inherit the mask and seccomp refuses sched_setaffinity, so it cannot widen
    it. None (Lambda: one job per instance) leaves the mask alone.
    Test: scientific "64 BLAS threads use no more than one CPU"."""
    if cpu is not None:
        os.sched_setaffinity(0, {cpu})


RUNNER_DIR = os.path.dirname(os.path.abspath(__file__))


def shared_readable_paths():
    """What every job may read besides its own dir and its own /proc entry: the interpreter's files
    and a few harmless devices. Not the project, not /root, not other processes. Real paths, sorted;
    the same for every job, so computed once (in the zygote, see prepare_zygote)."""
    paths = {"/dev/null", "/dev/zero", "/dev/urandom", "/dev/random",
             "/etc/localtime", "/etc/ld.so.cache", "/usr/share/zoneinfo", *scientific.data_paths(),
             RUNNER_DIR}  # the runner's own (public) source: a job imports mpl_backend.py from it
    for prefix in {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}:
        paths.update(os.path.join(prefix, lib) for lib in ("lib", "lib64"))
    return tuple(sorted({os.path.realpath(path) for path in paths}))


def readable_paths(job_dir, shared):
    """What a job may read: its own dir, its own /proc entry and `shared` (shared_readable_paths(),
    computed once by the zygote). (Shared by Landlock and the hook.) job_dir must be a real path
    (zygote._ChildEnds makes it so)."""
    return (job_dir, f"/proc/{os.getpid()}", *shared)


def writable_paths(job_dir):
    return (job_dir, "/dev/null")


def shared_rules(shared):
    """The Landlock rules every job shares (landlock.StaticRules), opened once in the zygote."""
    return landlock.StaticRules([(path, landlock.READ) for path in shared]
                                + [("/dev/null", landlock.READ | landlock.WRITE)])


def job_ruleset(job_dir, rules):
    """In the zygote, before forking a job's child: a fresh Landlock ruleset for that one child
    (every shared path read-only, its job dir and /dev/null read-write), which the child finishes
    with its own /proc entry (its pid is known only after the fork) and enforces. Never reused: a
    ruleset is one kernel object, and rules added to it would reach every later holder. Building it
    here costs the child nothing (it cost the child about a hundred copy-on-write faults when it
    built it)."""
    return landlock.new_ruleset(rules, [(job_dir, landlock.READ | landlock.WRITE)])


_LANDLOCK_FINISHER = landlock.Finisher(RULESET_FD) if LANDLOCK else None


def kernel_file_view():
    """Landlock, where the kernel has it: the kernel itself refuses opening anything outside
    readable_paths, and writing anywhere but the job dir, whatever Python-level trick is used.
    The ruleset is the one the zygote made for this child only (job_ruleset), kept as RULESET_FD
    by only_std_fds; the child adds its own /proc entry, enforces it and closes it here, so user
    code never holds it.
    Tests: attacks/read_project_files.py, attacks/write_outside.py (also with the hook off)."""
    try:
        _LANDLOCK_FINISHER.add_dir_and_restrict(f"/proc/{os.getpid()}")
    finally:
        os.close(RULESET_FD)


# Denied outright (EPERM): new programs, networking, debugging other processes, namespaces and
# mounts, kernel keyrings/BPF/perf/io_uring (large kernel attack surface), module loading, and
# leaving the job's session or identity. Then the channels and levers that reach beyond the job
# (red team, issue 14): System V IPC and POSIX message queues (kernel objects that outlive the job
# and that any later job of the same IPC namespace can open), memfd (memory no file or RSS figure
# the runner watched showed), inotify/fanotify (watching what other jobs and the runner touch),
# kcmp/process_madvise/process_mrelease/migrate_pages (other processes' internals), cachestat (page
# cache residency of shared files), and the file calls a job has no use for, which on Lambda (no
# Landlock, the runner's uid) would otherwise be stopped only by the audit hook: mknod/mknodat
# (FIFOs, device nodes), link/linkat (hard links to files outside the job dir), the chown family,
# quotactl, syslog, vhangup, uselib, mount_setattr. (Measured: the whole integration suite,
# numpy, pandas and matplotlib included, makes none of these calls from a job.)
SECCOMP_DENIED = (
    "fork vfork execve execveat socket socketpair connect bind listen accept accept4 ptrace "
    "process_vm_readv process_vm_writev mount umount2 unshare setns pivot_root chroot tkill "
    "pidfd_open pidfd_send_signal pidfd_getfd keyctl add_key request_key bpf perf_event_open "
    "userfaultfd io_uring_setup io_uring_enter io_uring_register personality kexec_load "
    "kexec_file_load init_module finit_module delete_module reboot swapon swapoff acct "
    "name_to_handle_at open_by_handle_at fanotify_init fanotify_mark open_tree move_mount fsopen "
    "fsconfig fsmount fspick mount_setattr setuid setgid setreuid setregid setresuid setresgid "
    "setgroups setsid setpgid sched_setaffinity "
    "shmget shmat shmctl shmdt msgget msgsnd msgrcv msgctl semget semop semctl semtimedop "
    "mq_open mq_unlink mq_timedsend mq_timedreceive mq_notify mq_getsetattr memfd_create memfd_secret "
    "inotify_init inotify_init1 inotify_add_watch kcmp process_madvise process_mrelease migrate_pages "
    "cachestat mknod mknodat link linkat chown fchown lchown fchownat quotactl quotactl_fd syslog "
    "vhangup uselib"
).split()
# Calls that name another process (pid first) are allowed only for the job itself: pid 0 ("me") or
# the job's own pid, compiled into the filter. (Aimed at the zygote or runner they let a same-uid
# job on Lambda lower its limits, renice it, or queue it signals.)
SECCOMP_OWN_PID_ONLY = ("prlimit64", "sched_setparam", "sched_setscheduler", "sched_setattr",
                        "move_pages", "get_robust_list")
PRIO_PROCESS, IOPRIO_WHO_PROCESS = 0, 1
# fcntl commands that make the kernel signal a process of the job's choosing (F_SETOWN with
# O_ASYNC, F_SETSIG picks the signal, F_NOTIFY is dnotify's, F_SETLEASE signals the lease holder).
F_SETOWN, F_SETSIG, F_SETOWN_EX, F_SETLEASE, F_NOTIFY = 8, 10, 15, 1024, 1026


def seccomp_filter():
    """The kernel's answer, whatever Python-level trick reaches a syscall: no new processes (clone
    only with CLONE_THREAD, so threads work; clone3 says ENOSYS so glibc falls back to clone), no
    exec, no sockets, no ptrace, no namespaces, no IPC objects, no memfd, no inotify; signals and
    scheduling/limit changes only for the job itself (kill with pid 0 or its own pid, tgkill and
    rt_*sigqueueinfo to its own thread group, setpriority/ioprio_set/prlimit/sched_* on itself),
    no fcntl that routes signals to another process. Tests: attacks/fork_bomb.py,
    attacks/ctypes_fork.py, attacks/subclasses_escape.py (run with the audit hook off, too),
    attacks/kill_everything.py, attacks/sysv_shm_plant.py, attacks/posix_mq_plant.py,
    attacks/memfd_hoard.py, attacks/sigio_owner.py, attacks/renice_and_limit_others.py,
    attacks/inotify_watch.py, attacks/hardlink_and_mknod.py."""
    _SECCOMP.load(os.getpid())


def _seccomp_template():
    """Built once in the runner, down to the buffer the kernel reads; each child patches in its own
    pid (see seccomp.Loader)."""
    program = seccomp.Program(seccomp.machine())
    for name in SECCOMP_DENIED:
        program.deny(name)
    program.deny("clone3", errno.ENOSYS)
    program.deny_unless_flag("clone", 0, seccomp.CLONE_THREAD)
    program.deny_unless_arg_in("kill", 0, (0, _OWN_PID))
    for name in ("tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo"):
        program.deny_unless_arg_in(name, 0, (_OWN_PID,))
    for name in SECCOMP_OWN_PID_ONLY:
        program.deny_unless_arg_in(name, 0, (0, _OWN_PID))
    program.allow_only_if("setpriority", [(0, (PRIO_PROCESS,)), (1, (0, _OWN_PID))])
    program.allow_only_if("ioprio_set", [(0, (IOPRIO_WHO_PROCESS,)), (1, (0, _OWN_PID))])
    program.deny_if_arg_in("fcntl", 1, (F_SETOWN, F_SETSIG, F_SETOWN_EX, F_SETLEASE, F_NOTIFY))
    program.allow_rest()
    return program.template(_OWN_PID).loader()


_OWN_PID = 0x7EADBEEF  # placeholder: no real pid or other constant in the filter has this value
_SECCOMP = _seccomp_template()


def _prctl(option, arg2=0, arg3=0, arg4=0, arg5=0):
    if _libc.prctl(option, *(value if isinstance(value, ctypes.c_ulong) else ctypes.c_ulong(value)
                             for value in (arg2, arg3, arg4, arg5))) != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"prctl({option}): {os.strerror(errno)}")


def _limit_malloc_arenas():
    """Inherited by every child: fewer per-thread malloc arenas, less reserved address space."""
    M_ARENA_MAX = -8
    _libc.mallopt(M_ARENA_MAX, MALLOC_ARENAS)


_limit_malloc_arenas()


def layers(audit_hook=True, cpu=None, uid=NOBODY):
    """Human names of the layers enter() applies in this process, for the driver's `layers`."""
    names = ["fork per job", "own session + process group", "fds 0-2 only", "fresh job dir",
             "clean env", "rlimits", "memory watchdog (resident use)"]
    if cpu is not None:
        names.append("one CPU per job")
    if os.geteuid() == 0:
        names.append(f"unprivileged uid {uid}" if uid == NOBODY else "unprivileged uid per runner")
    if LANDLOCK:
        names.append("landlock")
    names.append("seccomp-bpf")
    if audit_hook:
        names.append("audit hook")
    return names


class ZygoteState:
    """What the zygote computes once for all its children (prepare_zygote): the shared readable
    paths (real paths) and, with Landlock, an O_PATH fd for each (kept open in the zygote, closed
    in every child by only_std_fds)."""

    def __init__(self, shared, landlock_rules):
        self.shared, self.landlock_rules = shared, landlock_rules


def prepare_zygote(audit_hook=True):
    """Job-independent set-up, once in the zygote instead of in every child (where each step costs
    copy-on-write faults): default signal handlers, the empty environment, the audit
    hook's preparation (forbidden modules dropped, subprocess's fork_exec stubbed), the shared
    readable paths and their Landlock handles. Every child inherits the result."""
    default_signals()
    clean_zygote_environment()
    if audit_hook:  # without it (the attack suite's kernel-only runs) nothing of the hook's is done
        audit.prepare()
    shared = shared_readable_paths()
    return ZygoteState(shared, shared_rules(shared) if LANDLOCK else None)


def child_ruleset(job_dir, state):
    """In the zygote, per child, before the fork: its Landlock ruleset fd (None without Landlock)."""
    return job_ruleset(job_dir, state.landlock_rules) if LANDLOCK else None


def enter(job, runner_pid, on_blocked, audit_hook=True, cpu=None, uid=NOBODY, state=None):
    """Apply every layer, in order. Raises if any layer fails: a job never runs half-isolated.
    on_blocked(reason) is called by the audit hook when it refuses something. resource_limits()
    comes later, once the job (and so its limits) has arrived: lowering limits needs no privilege.
    job: the child's pipe ends, job dir and Landlock ruleset (zygote._ChildEnds); state: what the
    zygote prepared once (prepare_zygote: default signals, the emptied environment, the hook's
    preparation, the shared paths), inherited by this child."""
    if state is None:
        raise RuntimeError("the zygote did not prepare the sandbox")
    if LANDLOCK and job.ruleset_fd is None:
        raise RuntimeError("Landlock is available but the zygote made no ruleset for this child")
    new_session()
    only_std_fds(job.stdin_fd, job.stdout_fd, job.stderr_fd, job.ruleset_fd if LANDLOCK else None)
    fresh_job_dir(job.dir, uid)
    clean_environment(job.dir)
    one_cpu(cpu)
    unprivileged_user(uid)
    die_with_runner(runner_pid)
    if LANDLOCK:
        kernel_file_view()
    seccomp_filter()
    if audit_hook:
        audit.install(readable_paths(job.dir, state.shared), writable_paths(job.dir), on_blocked)
