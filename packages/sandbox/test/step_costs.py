"""Where a job child's set-up goes: thread CPU and minor (copy-on-write) faults per step, from the
fork to the moment the job arrives, plus the zygote's and the runner's own cost per job.
Not a test: a measurement for the README's "CPU per job" table (figures vary ±15% on the shared VM;
fault counts are steadier than times).

  /usr/bin/python3 -I -S packages/sandbox/test/step_costs.py [RUNNER_DIR] [JOBS] [--preload]

Runs JOBS print('hi') jobs (30 ms apart, so each child's set-up is measured on its own) through one
job.Runner in this process, with every layer but bubblewrap. Each step of isolation.enter and
child.main is wrapped to record time.thread_time() and ru_minflt when it returns; the child passes
the records to the job as its first line of code, which writes them to stderr. "fork to main" is
what the child spends between the zygote's fork() and child.main (the kernel, the interpreter's
after-fork work and handlers). RUNNER_DIR defaults to packages/sandbox/runner; give an older copy
(`git archive <commit> packages/sandbox/runner | tar -x -C /tmp/base`) to compare.
"""

import os
import resource
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
args = [arg for arg in sys.argv[1:] if not arg.startswith("--")]
RUNNER_DIR = os.path.abspath(args[0]) if args else os.path.join(HERE, "..", "runner")
JOBS = int(args[1]) if len(args) > 1 else 60
sys.path.insert(0, RUNNER_DIR)

import audit  # noqa: E402
import child  # noqa: E402
import isolation  # noqa: E402
import job  # noqa: E402
import zygote  # noqa: E402

steps = []


def mark(name):
    steps.append((name, time.thread_time(), resource.getrusage(resource.RUSAGE_SELF).ru_minflt))


def wrap(module, name):
    real = getattr(module, name, None)
    if real is None:
        return

    def wrapper(*args, **kwargs):
        result = real(*args, **kwargs)
        mark(name)
        return result

    setattr(module, name, wrapper)


for name in ("new_session", "only_std_fds", "fresh_job_dir", "clean_environment", "one_cpu", "unprivileged_user",
             "die_with_runner", "kernel_file_view", "seccomp_filter"):
    wrap(isolation, name)
wrap(audit, "install")
for name in ("_our_pyplot_show", "_fresh_std_streams", "_rehearse"):
    wrap(child, name)

real_main, real_receive = child.main, child.receive_job


def main(*args, **kwargs):
    steps.clear()
    mark("fork to main")

    def receive_job():
        received = real_receive()
        mark("receive_job")
        records = "\n".join(f"{name}\t{t * 1000:.3f}\t{faults}" for name, t, faults in steps)
        received["code"] = f"import sys\nsys.stderr.write({records!r})\n" + received["code"]
        return received

    child.receive_job = receive_job
    return real_main(*args, **kwargs)


child.main = main
cpu_ms = []
real_wait = zygote.Zygote.wait


def wait(self, pid):
    reply = real_wait(self, pid)
    cpu_ms.append(reply["cpuMs"])
    return reply


zygote.Zygote.wait = wait


def own(pid):
    """(minor faults, CPU ms) of one live process, precisely (schedstat is in ns)."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return int(fields[7]), int(open(f"/proc/{pid}/schedstat").read().split()[0]) / 1e6


runner = job.Runner(None, audit_hook=True, preload="--preload" in sys.argv, cpu=0, uid=2**30 + 4343)
request = {"jobId": "steps", "code": "print('hi')", "limits": {"wallMs": 5000, "memoryMb": 256, "outputBytes": 65536}}
runner.prepare()
for _ in range(5):
    runner.run_request(request)
    runner.prepare()
time.sleep(0.1)
cpu_ms.clear()
zygote_before, runner_before = own(runner.zygote.pid), own(os.getpid())
totals = {}
for _ in range(JOBS):
    result = runner.run_request(request)
    runner.prepare()
    assert result["verdict"] == "ok", result
    previous_t = previous_faults = 0.0
    for line in result["stderr"].splitlines():
        name, t, faults = line.split("\t")
        total = totals.setdefault(name, [0.0, 0])
        total[0] += float(t) - previous_t
        total[1] += int(faults) - previous_faults
        previous_t, previous_faults = float(t), int(faults)
    time.sleep(0.03)
time.sleep(0.1)
zygote_after, runner_after = own(runner.zygote.pid), own(os.getpid())
runner.close()

print(f"{RUNNER_DIR}: {JOBS} jobs, means per job")
print(f"{'child step':22s} {'CPU ms':>7s} {'faults':>7s}")
for name, (t, faults) in totals.items():
    print(f"{name:22s} {t / JOBS:7.2f} {faults / JOBS:7.0f}")
print(f"{'child, to the job':22s} {sum(t for t, _ in totals.values()) / JOBS:7.2f} "
      f"{sum(f for _, f in totals.values()) / JOBS:7.0f}")
print(f"{'child, whole life':22s} {statistics.median(cpu_ms):7.2f}       (median, from wait4)")
print(f"{'zygote (fork + loop)':22s} {(zygote_after[1] - zygote_before[1]) / JOBS:7.2f} "
      f"{(zygote_after[0] - zygote_before[0]) / JOBS:7.0f}")
print(f"{'runner':22s} {(runner_after[1] - runner_before[1]) / JOBS:7.2f} {(runner_after[0] - runner_before[0]) / JOBS:7.0f}")
