# attack: cripple the zygote and the runner without signals: lower their open-files limit, renice them (and every process of the uid), make them SCHED_IDLE
# expect: runtime_error PermissionError
# kernel: runtime_error PermissionError
import os
import resource

parent = os.getppid()
attempts = {
    "prlimit(parent, NOFILE)": lambda: resource.prlimit(parent, resource.RLIMIT_NOFILE, (3, 3)),
    "setpriority(PROCESS, parent)": lambda: os.setpriority(os.PRIO_PROCESS, parent, 19),
    "setpriority(USER, 0)": lambda: os.setpriority(os.PRIO_USER, 0, 19),
    "setpriority(PGRP, parent)": lambda: os.setpriority(os.PRIO_PGRP, parent, 19),
    "sched_setscheduler(parent, IDLE)": lambda: os.sched_setscheduler(parent, os.SCHED_IDLE, os.sched_param(0)),
    "sched_setparam(parent)": lambda: os.sched_setparam(parent, os.sched_param(0)),
}
refused = None
for name, attempt in attempts.items():
    try:
        attempt()
        print("ESCAPED:", name)
    except PermissionError as error:
        refused = error
# The job's own settings stay allowed.
os.setpriority(os.PRIO_PROCESS, 0, 5)
resource.prlimit(0, resource.RLIMIT_NOFILE, (32, 32))
print("own settings changed")
raise refused
