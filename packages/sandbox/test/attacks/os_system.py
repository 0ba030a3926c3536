# attack: os.system
# expect: blocked
# kernel: runtime_error PermissionError
import os

status = os.system("echo ESCAPED")
if status != 0:  # without the audit hook the fork inside system() fails: say so
    raise PermissionError(f"os.system failed with status {status}")
