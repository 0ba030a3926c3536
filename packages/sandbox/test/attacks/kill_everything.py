# attack: kill pid 1 and every process the job's user can signal (kill -1)
# expect: blocked
# kernel: runtime_error PermissionError
import os
import signal

for pid in (1, -1):
    try:
        os.kill(pid, signal.SIGKILL)
        print("ESCAPED")
    except PermissionError as refused:
        last = refused
raise last
