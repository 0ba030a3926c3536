# attack: have the kernel kill the zygote for us: F_SETOWN on a pipe to the parent's pid, F_SETSIG SIGKILL, O_ASYNC, then make the pipe readable
# expect: runtime_error PermissionError
# kernel: runtime_error PermissionError
import fcntl
import os
import signal

F_SETSIG = 10
read_end, write_end = os.pipe()
failures = []
for command, value in ((fcntl.F_SETOWN, os.getppid()), (F_SETSIG, signal.SIGKILL), (fcntl.F_SETOWN, -os.getpgid(0))):
    try:
        fcntl.fcntl(read_end, command, value)
    except PermissionError as error:
        failures.append(error)
fcntl.fcntl(read_end, fcntl.F_SETFL, fcntl.fcntl(read_end, fcntl.F_GETFL) | os.O_ASYNC)
os.write(write_end, b"x")
if len(failures) < 3:
    print("ESCAPED: fcntl accepted", 3 - len(failures), "of the owner/signal settings")
raise failures[0]
