"""The Lambda runtime, as the Lambda-faithful mode runs it (src/lambda-environment.ts starts it).

What the image's entry point does on AWS (awslambdaric in public.ecr.aws/lambda/python), minus the
HTTP: import the handler module from LAMBDA_TASK_ROOT once (the init phase), then one invocation at
a time, each event a JSON document, each answer either the handler's return value as JSON or an
error document {errorMessage, errorType, stackTrace}. The driver speaks to it through one line per
message on private copies of fds 0 and 1 (the Runtime API's next / response / error); the real fd 1
goes to the log (stderr), as a Lambda runtime's stdout goes to CloudWatch.

Before anything else it makes this kernel look like Lambda's (5.10, inside AWS's own confinement):
every system call newer than 5.10 answers ENOSYS, Landlock (5.13) among them, so the runner finds
no Landlock, as it will on AWS; and creating a user namespace is refused (EPERM).
That filter is part of the platform we emulate, not a layer of the sandbox: the runner's own filters
stack on top of it.
"""

import errno
import json
import os
import sys
import time
import traceback

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


class Context:
    """The handler's `context` argument (the fields awslambdaric's LambdaContext has)."""

    def __init__(self, request_id, deadline_ms, arn):
        self.aws_request_id = request_id
        self.invoked_function_arn = arn
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        return max(0, int(self._deadline_ms - time.time() * 1000))


def error_document(error, error_type=None):
    return {
        "errorMessage": str(error),
        "errorType": error_type or type(error).__name__,
        "requestId": "",
        "stackTrace": traceback.format_list(traceback.extract_tb(error.__traceback__)),
    }


def main():
    look_like_linux_5_10()
    requests = os.fdopen(os.dup(0), "rb")
    answers = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.dup2(2, 1)  # the runtime's stdout is its log

    def send(message):
        answers.write(json.dumps(message) + "\n")

    module_name, _, function_name = HANDLER.rpartition(".")
    sys.path.insert(0, TASK_ROOT)
    try:
        handler = getattr(__import__(module_name), function_name)
    except Exception as error:  # noqa: BLE001 - what awslambdaric reports as an init error
        send({"type": "init_error", "error": error_document(error, "Runtime.ImportModuleError")})
        return
    send({"type": "ready"})

    for line in requests:
        if not line.strip():
            continue
        invocation = json.loads(line)
        request_id = invocation["requestId"]
        try:
            event = json.loads(invocation["payload"] or "{}")
        except ValueError as error:
            send({"type": "error", "requestId": request_id,
                  "error": error_document(error, "Runtime.UnmarshalError")})
            continue
        context = Context(request_id, invocation["deadlineMs"], invocation["functionArn"])
        try:
            result = handler(event, context)
        except Exception as error:  # noqa: BLE001 - an unhandled error of the function
            send({"type": "error", "requestId": request_id, "error": error_document(error)})
            continue
        try:
            payload = json.dumps(result)
        except (TypeError, ValueError) as error:
            send({"type": "error", "requestId": request_id, "error": error_document(error, "Runtime.MarshalError")})
            continue
        send({"type": "response", "requestId": request_id, "payload": payload})


main()
