# attack: call _posixsubprocess.fork_exec directly, skipping subprocess.Popen's audit event
# expect: blocked
# kernel: runtime_error PermissionError
import _posixsubprocess
import os

errpipe_read, errpipe_write = os.pipe()
pid = _posixsubprocess.fork_exec(
    [b"/bin/sh", b"-c", b"echo ESCAPED"], [b"/bin/sh"], True, (errpipe_write,), None, None,
    -1, -1, -1, -1, -1, -1, errpipe_read, errpipe_write, False, False, -1, None, None, None, -1,
    None, True,
)
os.waitpid(pid, 0)
