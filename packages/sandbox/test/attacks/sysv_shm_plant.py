# attack: leave a System V shared-memory segment and a message queue behind, with data for the next user's job (and 256 MiB the memory watchdog never sees)
# expect: blocked
# kernel: runtime_error PermissionError
# limits: memoryMb=64
import ctypes
import os

libc = ctypes.CDLL(None, use_errno=True)
IPC_CREAT = 0o1000
segment = libc.shmget(0x5EC12E7, 256 * 1024 * 1024, IPC_CREAT | 0o666)
queue = libc.msgget(0x5EC12E8, IPC_CREAT | 0o666)
semaphores = libc.semget(0x5EC12E9, 1, IPC_CREAT | 0o666)
if segment >= 0 or queue >= 0 or semaphores >= 0:
    print("ESCAPED: System V IPC objects created", segment, queue, semaphores)
raise PermissionError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
