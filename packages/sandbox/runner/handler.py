"""AWS Lambda entry point: the event is a SandboxRequest, the answer its Result, streamed.

runtime.py (the image's entry point, our own Runtime API loop) imports this module once per cold
start and calls handler(event, context) per invocation. While the job runs, each output chunk goes
out at once as a line of the streamed response (context.send: {"type": "output", jobId, stream,
data}); the return value, {"type": "result", ...Result}, is the stream's last line.

The Lambda process is the warm runner: it imports the same modules as runner.py once per cold
start and forks a fresh child per invocation, through the same isolation layers. Differences from
the local pool: no cancel channel (the worker's invoke timeout covers it), the process is not root
there, so there is no uid drop (a job runs as the runner's own uid: see isolation.seal_runner for
why it still cannot reach this process), and the sandbox owns the instance, so whatever a job left
in the shared writable places (/tmp, /dev/shm) is swept after it (isolation.sweep_shared_dirs).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import job  # noqa: E402

# job.Runner seals this process first: credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
# AWS_SESSION_TOKEN, SST_KEY, ...) leave os.environ and the exec-time block is zeroed; the runtime
# client (runtime.py) already read what it needs (AWS_LAMBDA_RUNTIME_API) before importing this module.
# CODE_REMOTE_AUDIT_HOOK=off (like CODE_REMOTE_LANDLOCK=off, see isolation.py) exists for the tests
# that prove the kernel layers hold on Lambda without the hook; the deployed function never sets it.
_runner = job.Runner(sweep=True, audit_hook=os.environ.get("CODE_REMOTE_AUDIT_HOOK") != "off")
_runner.prepare()  # during the init phase, so the first invocation skips the fork

EXIT_RETIRED = 3


def handler(event, context):
    request = event if isinstance(event, dict) else {}
    send = getattr(context, "send", None)  # runtime.py's streamed response
    on_output = None
    if send is not None:
        job_id = request.get("jobId")

        def on_output(stream, data):
            send({"type": "output", "jobId": job_id, "stream": stream, "data": data})

    # Later invocations fork on demand: work after returning would run in a frozen environment.
    result = _runner.run_request(request, on_output)
    if _runner.retired:
        # The zygote died after serving (zygote.ZygoteLost): end this execution environment rather
        # than fork a new zygote from a heap that holds earlier requests. Lambda reports the
        # invocation as failed (the worker retries it) and starts a fresh environment.
        sys.stderr.write(f"runner retires: {result.get('message')}\n")
        sys.stderr.flush()
        os._exit(EXIT_RETIRED)
    return {"type": "result", **result}
