# attack: rebind (and empty in place) the names the audit hook looks up in its module (the path check, the forbidden imports), then load ctypes and read the project's files
# expect: blocked
# kernel: runtime_error PermissionError
# kernel-needs: landlock
import sys

audit = sys.modules.get("audit")
if audit is not None:
    for name in ("FORBIDDEN_IMPORTS", "PROCESS_EVENTS", "PATH_READ_EVENTS", "GC_INTROSPECTION"):
        try:
            getattr(audit, name).clear()
        except AttributeError:
            pass  # immutable
    audit._inside = lambda path, roots: True
    audit._checker = lambda *args: (lambda path, roots: True)
    audit.FORBIDDEN_IMPORTS = {}
    audit.PROCESS_EVENTS = set()
import ctypes  # noqa: E402,F401

print("ESCAPED", open("/work/main/package.json").read()[:40])
