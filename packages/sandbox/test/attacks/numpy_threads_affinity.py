# attack: widen the job's CPU mask to every core, then start BLAS-heavy threads on all of them
# expect: runtime_error PermissionError
# kernel: runtime_error PermissionError
import os

os.sched_setaffinity(0, range(os.cpu_count()))
print("ESCAPED: the CPU mask widened to", os.sched_getaffinity(0))
