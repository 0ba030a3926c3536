# attack: kill the runner that forked this job
# expect: blocked
# kernel: runtime_error PermissionError
import os
import signal

os.kill(os.getppid(), signal.SIGKILL)
print("ESCAPED")
