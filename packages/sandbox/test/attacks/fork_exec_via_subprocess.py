# attack: reach _posixsubprocess.fork_exec through the subprocess module the runner keeps loaded
# (matplotlib and pandas import subprocess), instead of importing _posixsubprocess (refused)
# expect: blocked
# kernel: runtime_error PermissionError
import os
import subprocess

fork_exec = getattr(subprocess, "_fork_exec", None) or subprocess._posixsubprocess.fork_exec
errpipe_read, errpipe_write = os.pipe()
pid = fork_exec(
    [b"/bin/sh", b"-c", b"echo ESCAPED"], [b"/bin/sh"], True, (errpipe_write,), None, None,
    -1, -1, -1, -1, -1, -1, errpipe_read, errpipe_write, False, False, -1, None, None, None, -1,
    None, True,
)
os.waitpid(pid, 0)
