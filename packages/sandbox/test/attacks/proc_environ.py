# attack: read other processes' environment through /proc (the parent, i.e. the zygote, and pid 1)
# expect: blocked
# kernel: runtime_error PermissionError
import os

for pid in (os.getppid(), 1):
    print(open(f"/proc/{pid}/environ", "rb").read())
