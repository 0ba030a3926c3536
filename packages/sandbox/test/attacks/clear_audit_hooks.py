# attack: remove the audit hooks through the C API, then start a shell
# expect: blocked
import ctypes
import os

ctypes.pythonapi._PySys_ClearAuditHooks(ctypes.c_void_p.in_dll(ctypes.pythonapi, "_PyRuntime"))
os.system("echo ESCAPED")
