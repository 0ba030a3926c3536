# attack: hold memory as files in a memory-backed file system (the job dir when it is a tmpfs, else /dev/shm when writable): RAM no RSS figure shows, 4x the memory limit
# expect: memory_limit
# kernel: memory_limit
# limits: memoryMb=64 wallMs=8000
import os
import time


def fs_type(path):
    real, best, kind = os.path.realpath(path), "", None
    with open("/proc/self/mountinfo") as mounts:
        for line in mounts:
            fields, _, tail = line.partition(" - ")
            point = fields.split()[4]
            if (real == point or real.startswith(point.rstrip("/") + "/")) and len(point) >= len(best):
                best, kind = point, tail.split()[0]
    return kind


targets = [os.getcwd()] if fs_type(os.getcwd()) == "tmpfs" else []
targets.append("/dev/shm")
chunk = b"x" * (1 << 20)
held = 0
for directory in targets:
    try:
        for i in range(32):  # 32 files of 8 MiB (the file-size limit): 256 MiB
            with open(os.path.join(directory, f"hoard-{os.getpid()}-{i}"), "wb") as file:
                for _ in range(8):
                    file.write(chunk)
            held += 8
    except OSError as error:
        print("refused in", directory, type(error).__name__)
        continue
    break
if held == 0:
    # No memory-backed file system reachable here: the route does not exist, so the limit is
    # reached the ordinary way (the verdict must be memory_limit either way).
    print("no tmpfs to fill; allocating instead")
    hoard = [bytearray(1 << 20) for _ in range(256)]
time.sleep(2)
print("ESCAPED: held", held, "MiB in files with the verdict still open")
