# attack: open the zygote's and the runner's /proc files (environ: the credentials Lambda started it with; mem: earlier requests, and the next job's result to patch) from a job that may share their uid (Lambda)
# expect: blocked
# kernel: runtime_error PermissionError
import os

zygote = os.getppid()
targets, refused = [zygote], None
try:  # the runner is the zygote's parent (its stat is world-readable where nothing else stops us)
    with open(f"/proc/{zygote}/stat") as stat:
        targets.append(int(stat.read().rsplit(")", 1)[1].split()[1]))
except OSError as error:
    refused = error
for pid in targets:
    for name in ("environ", "mem", "maps", "fd/0"):
        try:
            fd = os.open(f"/proc/{pid}/{name}", os.O_RDONLY)
        except PermissionError as error:
            refused = error
            continue
        os.close(fd)
        print("ESCAPED: opened", pid, name)
print("every one refused:", targets)
if refused is not None:
    raise refused
