# attack: monkeypatch the standard library the audit hook's path check could use (posixpath.realpath and its helpers, os.path.isdir, os.fspath), so every path looks inside the job dir; then read outside it
# expect: blocked
# kernel: runtime_error PermissionError
# kernel-needs: landlock
import genericpath
import os
import posixpath

inside = os.getcwd() + "/x"
posixpath._joinrealpath = lambda *args: (inside, True)
posixpath.realpath = os.path.realpath = lambda *args, **kwargs: inside
posixpath.abspath = os.path.abspath = lambda *args: inside
genericpath.isdir = os.path.isdir = lambda *args: False
os.fsdecode = lambda path: inside
print("ESCAPED", open("/etc/hostname").read()[:40])
