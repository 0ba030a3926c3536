# attack: use the ctypes module numpy already imported in the warm runner (no `import ctypes`,
# which the audit hook refuses) to call libc fork()
# expect: blocked
# kernel: runtime_error PermissionError
import os

import numpy.core._internal as internal

ctypes = internal.ctypes
libc = ctypes.CDLL(None, use_errno=True)
pid = libc.fork()
if pid == 0:
    print("ESCAPED")
    os._exit(0)
if pid < 0:
    raise PermissionError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
