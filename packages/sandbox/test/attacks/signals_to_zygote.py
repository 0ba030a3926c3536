# attack: signal the zygote through the calls os.kill does not use: rt_sigqueueinfo, rt_tgsigqueueinfo, tgkill, tkill, pidfd_send_signal, kill(-1)
# expect: blocked
# kernel: runtime_error PermissionError
import ctypes
import os
import platform

libc = ctypes.CDLL(None, use_errno=True)
NR = {
    "x86_64": {"rt_sigqueueinfo": 129, "rt_tgsigqueueinfo": 297, "tgkill": 234, "tkill": 200, "kill": 62},
    "aarch64": {"rt_sigqueueinfo": 138, "rt_tgsigqueueinfo": 240, "tgkill": 131, "tkill": 130, "kill": 129},
}[platform.machine()]
zygote, SIGTERM = os.getppid(), 15
info = ctypes.create_string_buffer(128)
calls = {
    "rt_sigqueueinfo": (NR["rt_sigqueueinfo"], zygote, SIGTERM, info),
    "rt_tgsigqueueinfo": (NR["rt_tgsigqueueinfo"], zygote, zygote, SIGTERM, info),
    "tgkill": (NR["tgkill"], zygote, zygote, SIGTERM),
    "tkill": (NR["tkill"], zygote, SIGTERM),
    "kill(-1)": (NR["kill"], -1, SIGTERM),
}
for name, args in calls.items():
    if libc.syscall(*args) == 0:
        print("ESCAPED:", name)
raise PermissionError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
