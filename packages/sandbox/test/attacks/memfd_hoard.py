# attack: hold memory in a memfd (no file, no RSS while unmapped), far beyond the memory limit, and still finish with ok
# expect: runtime_error PermissionError
# kernel: runtime_error PermissionError
# limits: memoryMb=64
import mmap
import os

fd = os.memfd_create("hoard")
chunk = b"x" * (1 << 20)
for _ in range(512):
    os.write(fd, chunk)
mapped = mmap.mmap(fd, 512 << 20)
os.close(fd)
print("ESCAPED: holding 512 MiB in a memfd")
