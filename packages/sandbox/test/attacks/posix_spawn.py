# attack: os.posix_spawn
# expect: blocked
# kernel: runtime_error PermissionError
import os

pid = os.posix_spawn("/bin/sh", ["sh", "-c", "echo ESCAPED"], {})
os.waitpid(pid, 0)
