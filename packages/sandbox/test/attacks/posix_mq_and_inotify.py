# attack: a POSIX message queue (outlives the job in the IPC namespace) and inotify watches on /tmp and the runner's root (to see other jobs come and go)
# expect: blocked
# kernel: runtime_error PermissionError
import ctypes
import os

libc = ctypes.CDLL(None, use_errno=True)
O_CREAT, O_RDWR = 0o100, 0o2
queue = libc.mq_open(b"/code-remote-plant", O_CREAT | O_RDWR, 0o666, None)
watcher = libc.inotify_init1(0)
if queue >= 0 or watcher >= 0:
    print("ESCAPED: mq", queue, "inotify", watcher)
raise PermissionError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
