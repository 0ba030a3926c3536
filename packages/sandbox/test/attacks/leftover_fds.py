# attack: look for descriptors the sandbox's set-up left open (the zygote's Landlock ruleset and path handles, other jobs' pipes)
# expect: ok
# kernel: ok
import os

for fd in range(3, 1024):
    try:
        os.fstat(fd)
    except OSError:
        continue
    print("ESCAPED: fd", fd, "is open")
print("only fds 0-2")
