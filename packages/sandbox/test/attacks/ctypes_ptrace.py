# attack: ptrace-attach to the runner through ctypes
# expect: blocked
# kernel: runtime_error PermissionError
import ctypes
import os

libc = ctypes.CDLL(None, use_errno=True)
PTRACE_ATTACH = 16
if libc.ptrace(PTRACE_ATTACH, os.getppid(), None, None) != 0:
    raise PermissionError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
print("ESCAPED")
