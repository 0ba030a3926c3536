# attack: leave a detached process running after the job (double fork + setsid)
# expect: blocked
# kernel: runtime_error PermissionError
import os
import time

if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        time.sleep(3600)
    os._exit(0)
print("ESCAPED")
