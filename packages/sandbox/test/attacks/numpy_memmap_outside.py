# attack: map a file outside the job directory for writing with numpy.memmap, for a later job to find
# expect: blocked
# kernel: runtime_error PermissionError
# kernel-needs: landlock
import numpy as np

planted = np.memmap("/tmp/code-remote-escaped.txt", dtype=np.uint8, mode="w+", shape=(7,))
planted[:] = np.frombuffer(b"ESCAPED", dtype=np.uint8)
planted.flush()
