# attack: reach the runner's report page through the frames above the job and mark the run as a failed sandbox setup, so a job that burned its whole wall limit comes back internal_error (retried 3x by the worker); forge the usage too
# expect: time_limit
# kernel: time_limit
# limits: wallMs=800
import sys

frame = sys._getframe()
report = None
while frame is not None and report is None:
    candidate = frame.f_locals.get("report")
    if candidate is not None and hasattr(candidate, "set"):
        report = candidate
    frame = frame.f_back
if report is not None:
    report.set("setup", "OSError: forged")
    report.set("exit", {"status": 0, "cpuMs": 0, "peakMemoryKb": 1})
    report.set("setupCpuMs", 10**9)
    print("page forged")
while True:
    pass
