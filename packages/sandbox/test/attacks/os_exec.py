# attack: replace the job with a shell (os.execv)
# expect: blocked
# kernel: runtime_error PermissionError
import os

os.execv("/bin/sh", ["sh", "-c", "echo ESCAPED"])
