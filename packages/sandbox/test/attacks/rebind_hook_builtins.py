# attack: rebind the builtins the audit hook would look up (int, any), so a path passes as a descriptor or every root matches; then read outside the job dir
# expect: blocked
# kernel: runtime_error PermissionError
# kernel-needs: landlock
import builtins

builtins.int = str  # `isinstance(path, int)` would now wave every str path through as an fd
builtins.any = lambda iterable: True
print("ESCAPED", open("/etc/hostname").read()[:40])
