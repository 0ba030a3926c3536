"""The Lambda platform around the runtime, as the Lambda-faithful mode runs it (src/lambda-environment.ts).

Lambda starts a container image's ENTRYPOINT + CMD, our own runtime loop (runner/runtime.py, the
same file the image runs), in an execution environment whose kernel is AWS's. This file is only the
part of that environment this machine's kernel lacks: it makes the kernel look like Lambda's (5.10,
inside AWS's own confinement), then execs the real runtime loop, which speaks the Runtime API to the
local twin (src/lambda-runtime-api.ts) at AWS_LAMBDA_RUNTIME_API:
every system call newer than 5.10 answers ENOSYS, Landlock (5.13) among them, so the runner finds
no Landlock, as it will on AWS; and creating a user namespace is refused (EPERM).
That filter is part of the platform we emulate, not a layer of the sandbox: the runner's own filters
stack on top of it (a seccomp filter survives exec).
"""

import errno
import os
import sys

TASK_ROOT = os.environ["LAMBDA_TASK_ROOT"]
HANDLER = os.environ.get("_HANDLER", "handler.handler")
# The first system call number Linux 5.10 does not have (epoll_pwait2, 5.11); the same number on
# x86_64 and aarch64, whose tables are shared from 403 on. Landlock's calls are 444-446.
FIRST_AFTER_5_10 = 441
CLONE_NEWUSER = 0x10000000


def look_like_linux_5_10():
    sys.path.insert(0, TASK_ROOT)  # the runner's seccomp assembler, read from the image as is
    import seccomp

    program = seccomp.Program(seccomp.machine())
    program.code += [(seccomp.JGE_K, 0, 1, FIRST_AFTER_5_10), (seccomp.RET_K, 0, 0, seccomp.RET_ERRNO | errno.ENOSYS)]
    # No user namespaces inside a Lambda function (what bubblewrap would need): creating one is EPERM.
    for name in ("clone", "unshare"):
        program.code += [
            (seccomp.JEQ_K, 0, 4, seccomp.SYSCALLS[seccomp.machine()][name]),
            (seccomp.LD_W_ABS, 0, 0, seccomp.arg_low(0)),
            (seccomp.JSET_K, 0, 1, CLONE_NEWUSER),
            (seccomp.RET_K, 0, 0, seccomp.RET_ERRNO | errno.EPERM),
            (seccomp.RET_K, 0, 0, seccomp.RET_ALLOW),
        ]
    program.deny("clone3", errno.ENOSYS)  # its flags sit behind a pointer no filter can read: glibc falls back to clone
    program.allow_rest()
    program.template(None).loader().load(0)
    sys.path.remove(TASK_ROOT)
    del sys.modules["seccomp"]  # the handler imports its own copy, as it would on AWS


def main():
    look_like_linux_5_10()
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)  # a runtime's stdin is nothing; its stdout and stderr are its log
    os.close(null)
    runtime = os.path.join(TASK_ROOT, "runtime.py")
    os.execv(sys.executable, [sys.executable, runtime, HANDLER])


main()
