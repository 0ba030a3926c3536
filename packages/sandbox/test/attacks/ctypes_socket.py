# attack: open a socket with libc socket() through ctypes
# expect: blocked
# kernel: runtime_error PermissionError
import ctypes
import os

libc = ctypes.CDLL(None, use_errno=True)
fd = libc.socket(2, 1, 0)  # AF_INET, SOCK_STREAM
if fd < 0:
    raise PermissionError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
print("ESCAPED")
