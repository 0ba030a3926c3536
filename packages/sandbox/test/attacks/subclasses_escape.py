# attack: reach os.system without importing anything, via object.__subclasses__()
# expect: blocked
# kernel: runtime_error PermissionError
wrap_close = next(c for c in ().__class__.__base__.__subclasses__() if c.__name__ == "_wrap_close")
system = wrap_close.__init__.__globals__["system"]
status = system("echo ESCAPED")
if status != 0:
    raise PermissionError(f"system failed with status {status}")
