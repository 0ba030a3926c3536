"""AWS Lambda entry point: the event is a SandboxRequest, the return value its Result.

The Lambda process is the warm runner: it imports the same modules as runner.py once per cold
start and forks a fresh child per invocation, through the same isolation layers. Differences from
the local pool: no cancel channel (the worker's invoke timeout covers it) and the process is not
root there, so there is no uid drop (Lambda already runs code as an unprivileged user).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import job  # noqa: E402

# The function has no IAM permissions, but its credentials still do not belong in the memory every
# job child inherits. The runtime client does not need them (it talks to AWS_LAMBDA_RUNTIME_API).
for _name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
    os.environ.pop(_name, None)

_runner = job.Runner()
_runner.prepare()  # during the init phase, so the first invocation skips the fork




def handler(event, context):
    # Later invocations fork on demand: work after returning would run in a frozen environment.
    return _runner.run_request(event if isinstance(event, dict) else {})
