# attack: call libc fork() through ctypes
# expect: blocked
# kernel: runtime_error PermissionError
import ctypes
import os

libc = ctypes.CDLL(None, use_errno=True)
pid = libc.fork()
if pid == 0:
    print("ESCAPED")
    os._exit(0)
if pid < 0:
    raise PermissionError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
