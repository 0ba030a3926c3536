# attack: use numpy's own file I/O (C code, not Python's open) to read a file outside the job
# expect: blocked
# kernel: runtime_error PermissionError
# kernel-needs: landlock
import numpy as np

leaked = np.fromfile("/etc/hostname", dtype=np.uint8)
print("ESCAPED", bytes(leaked[:40]))
