# attack: reach posix_spawn through builtins with object/type.__getattribute__, no import statement
# expect: blocked
# kernel: runtime_error PermissionError
builtins_module = object.__getattribute__(print, "__self__")
importer = type.__getattribute__(type(builtins_module), "__getattribute__")(builtins_module, "__import__")
posix = importer("posix")
pid = posix.posix_spawn("/bin/sh", ["sh", "-c", "echo ESCAPED"], {})
posix.waitpid(pid, 0)
