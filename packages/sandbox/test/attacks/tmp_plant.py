# attack: leave files for the next user's job wherever this job can write outside its dir: the runner's root (the job dir's parent), the temp dir the root lives in (/tmp on Lambda), /dev/shm (POSIX shared memory too)
# expect: ok
# kernel: ok
import os

planted = []
root = os.path.dirname(os.getcwd())
for path in (os.path.join(root, "plant.txt"), os.path.join(os.path.dirname(root), "code-remote-plant.txt"),
             "/dev/shm/code-remote-plant.txt"):
    try:
        with open(path, "w") as file:
            file.write("left by an earlier job")
        planted.append(path)
    except OSError as error:
        print("refused:", path, type(error).__name__)
try:
    from multiprocessing import shared_memory

    segment = shared_memory.SharedMemory(name="code-remote-plant", create=True, size=4096)
    segment.buf[:4] = b"left"
    planted.append("posix shm")
except (OSError, ImportError) as error:
    print("refused: posix shm", type(error).__name__)
# Whatever got through must be gone before the next job (between-jobs.test.ts checks that).
print("planted", planted)
