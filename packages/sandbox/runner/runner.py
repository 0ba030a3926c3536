"""The warm sandbox runner: one process that starts once and forks a fresh child per job.

Protocol (one JSON object per line):
  runner -> driver  {"type": "ready", "pid": N, "layers": [...], "root": "/tmp/code-remote-...",
                     "libraries": ["numpy 1.24.2", ...]}
                                                                            once, after warm-up
  driver -> runner  {"type": "run", "request": SandboxRequest}
  driver -> runner  {"type": "cancel", "jobId": "..."}                      while that job runs
  runner -> driver  {"type": "result", "jobId": "...", "result": Result}
  EOF on the driver's side ends the runner (killing any job in flight).

The protocol travels on private duplicates of fds 0 and 1; the real fds 0 and 1 are pointed at
/dev/null at start, so neither a stray print in the runner nor anything a job does can corrupt it
(a job's own stdout/stderr are pipes this process reads, and a job child keeps only fds 0-2).
Start it as `/usr/bin/python3 -I -S runner.py`: -I ignores PYTHON* variables and the user site,
-S skips site-packages; the standard library still imports (it lives on the default sys.path).
"""

import json
import os
import select
import sys

# -I leaves the script's own directory off sys.path; the runner's modules live beside it.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import isolation  # noqa: E402  (after the path fix above)
import job  # noqa: E402
import zygote  # noqa: E402


class ZygoteDied(Exception):
    """The zygote died while the runner was idle (see zygote.ZygoteLost): the runner retires."""


class Control:
    """Line reader over the driver's channel; also polled by a running job for cancellation."""

    def __init__(self, fd):
        self.fd = fd
        # The zygote's pidfd (set by main once it exists): waiting for work selects on it too, so
        # a zygote that dies while the runner is idle retires the runner at once (ZygoteDied).
        self.zygote_pidfd = None
        self.buffer = b""
        self.eof = False
        self.cancelled = set()
        self.pending = []

    def fileno(self):
        return self.fd

    def _fill(self):
        if self.zygote_pidfd is not None:
            readable, _, _ = select.select([self.fd, self.zygote_pidfd], [], [])
            if self.fd not in readable:
                raise ZygoteDied("while the runner was idle")
        chunk = os.read(self.fd, 1 << 16)
        if not chunk:
            self.eof = True
        self.buffer += chunk

    def _lines(self):
        while b"\n" in self.buffer:
            line, self.buffer = self.buffer.split(b"\n", 1)
            if line.strip():
                yield json.loads(line)

    def on_readable(self):
        """Called by a running job when the channel is readable: note cancels, keep anything else."""
        self._fill()
        for message in self._lines():
            if message.get("type") == "cancel":
                self.cancelled.add(message.get("jobId"))
            else:
                self.pending.append(message)

    def is_cancelled(self, job_id):
        return self.eof or job_id in self.cancelled

    def next_message(self):
        """Block until the next non-cancel message; None at EOF."""
        while True:
            if self.pending:
                return self.pending.pop(0)
            for message in self._lines():
                if message.get("type") != "cancel":
                    self.pending.append(message)
            if self.pending:
                continue
            if self.eof:
                return None
            self._fill()


def _job_uid(args):
    if "--job-uid" not in args:
        return isolation.NOBODY
    uid = int(args[args.index("--job-uid") + 1])
    if not 0 < uid < 2**32 - 1:
        raise ValueError(f"--job-uid {uid} is not an unprivileged uid")
    return uid


def _cpu(args):
    if "--cpu-slot" not in args:
        return None
    allowed = sorted(os.sched_getaffinity(0))
    return allowed[int(args[args.index("--cpu-slot") + 1]) % len(allowed)]


def main():
    proto_in, proto_out = os.dup(0), os.dup(1)
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    os.close(devnull)
    out = os.fdopen(proto_out, "w", encoding="utf-8", buffering=1)

    def send(message):
        # ASCII escapes: a lone surrogate (from a request) must not make the line unwritable.
        out.write(json.dumps(message, ensure_ascii=True) + "\n")
        out.flush()

    control = Control(proto_in)
    # --no-audit-hook exists for the attack suite: it proves the kernel layers hold on their own.
    # --no-preload leaves numpy/pandas/matplotlib to each job (the benchmark's baseline).
    # --cpu-slot N: this runner's jobs run on the N-th CPU the runner may use (modulo their count).
    # --job-uid N: the uid this runner's jobs run as when it is root (default 65534).
    args = sys.argv[1:]
    runner = job.Runner(control, audit_hook="--no-audit-hook" not in args, preload="--no-preload" not in args,
                        cpu=_cpu(args), uid=_job_uid(args))
    runner.prepare()
    control.zygote_pidfd = runner.zygote.pidfd
    send({"type": "ready", "pid": os.getpid(), "layers": runner.layers, "root": runner.root,
          "libraries": runner.libraries})
    try:
        while True:
            message = control.next_message()
            if message is None:
                break
            if message.get("type") != "run":
                continue
            request = message.get("request") or {}
            control.cancelled.clear()
            send({"type": "result", "jobId": request.get("jobId"), "result": runner.run_request(request)})
            if runner.retired:
                return _retire("the zygote died during a job")
            runner.prepare()  # after answering: the next job's child is forked while we are idle
    except (ZygoteDied, zygote.ZygoteLost) as error:
        return _retire(f"the zygote died: {error}")
    finally:
        runner.close()


EXIT_RETIRED = 3


def _retire(why):
    """A runner whose zygote died after it served a job exits; the pool starts a fresh one
    (zygote.ZygoteLost says why a new zygote is not forked from this heap)."""
    sys.stderr.write(f"runner retires: {why}\n")
    sys.stderr.flush()
    sys.exit(EXIT_RETIRED)


if __name__ == "__main__":
    main()
