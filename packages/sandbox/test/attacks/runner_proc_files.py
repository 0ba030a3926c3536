# attack: open the zygote's and the runner's /proc files (environ: the credentials Lambda started it with; mem: earlier requests, and the next job's result to patch) from a job that may share their uid (Lambda)
# expect: blocked
# kernel: runtime_error PermissionError
import os

zygote = os.getppid()
refused = None
# The runner forked the zygote, so its pid is a little lower: try the ones just below too.
for pid in [zygote, *range(zygote - 1, max(zygote - 40, 1), -1)]:
    for name in ("environ", "mem", "maps", "fd/0"):
        try:
            fd = os.open(f"/proc/{pid}/{name}", os.O_RDONLY)
        except FileNotFoundError:
            continue
        except PermissionError as error:
            refused = error
            continue
        os.close(fd)
        print("ESCAPED: opened", pid, name)
print("every one refused")
if refused is not None:
    raise refused
