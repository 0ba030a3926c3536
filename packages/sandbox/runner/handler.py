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

import json
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

# Lambda streams at most 20 MiB a response (a soft quota; over it the invocation fails with
# Function.ResponseSizeTooLarge, see src/lambda-runtime-api.ts). Output is at most 4 MiB a stream,
# but JSON can make it up to six times larger (a control character is \u0001), and it travels twice:
# live, then in the Result. So live output stops after LIVE_OUTPUT_BYTES (it is a preview; the Result
# is the record), and a Result still too large has its streams cut at a line boundary to fit.
RESPONSE_BYTES = 20 * 1024 * 1024
LIVE_OUTPUT_BYTES = 2 * 1024 * 1024
RESULT_BYTES = RESPONSE_BYTES - LIVE_OUTPUT_BYTES - 256 * 1024


def fit_response(result, budget=RESULT_BYTES):
    """The Result, its stdout and stderr cut (at a line boundary, marked truncated) until its JSON
    line fits `budget` bytes. Untouched when it fits, as any result of printable text does."""
    size = len(json.dumps(result))
    if size <= budget:
        return result
    result = {**result, "truncated": {**result["truncated"]}}
    while size > budget and (result["stdout"] or result["stderr"]):
        share = budget / size * 0.95  # both streams keep the same share of what they had
        for stream in ("stdout", "stderr"):
            text = result[stream]
            if not text:
                continue
            cut = text[: int(len(text) * share)]
            newline = cut.rfind("\n")
            result[stream] = cut[: newline + 1] if newline >= 0 else cut
            result["truncated"][stream] = True
        size = len(json.dumps(result))
    note = "output was cut to fit the sandbox's response"
    result["message"] = f"{result['message']}; {note}" if result.get("message") else note
    return result


def handler(event, context):
    request = event if isinstance(event, dict) else {}
    send = getattr(context, "send", None)  # runtime.py's streamed response
    on_output = None
    if send is not None:
        job_id = request.get("jobId")
        live = {"bytes": 0}

        def on_output(stream, data):
            message = {"type": "output", "jobId": job_id, "stream": stream, "data": data}
            live["bytes"] += len(json.dumps(message))
            if live["bytes"] <= LIVE_OUTPUT_BYTES:
                send(message)

    # Later invocations fork on demand: work after returning would run in a frozen environment.
    result = _runner.run_request(request, on_output)
    if _runner.retired:
        # The zygote died after serving (zygote.ZygoteLost): end this execution environment rather
        # than fork a new zygote from a heap that holds earlier requests. Lambda reports the
        # invocation as failed (the worker retries it) and starts a fresh environment.
        sys.stderr.write(f"runner retires: {result.get('message')}\n")
        sys.stderr.flush()
        os._exit(EXIT_RETIRED)
    return {"type": "result", **fit_response(result)}
